import { useEffect, useRef, useState } from 'react';
import { CSV_ENCODINGS, csvOptionsProblem, type CsvEncoding, type CsvOptions } from '../../shared/csv-options.ts';
import type { Dataset } from '../data/types.ts';

interface Props {
  dataset: Dataset;
  onApply: (options: CsvOptions) => void;
  onClose: () => void;
}

const showChar = (c: string | undefined) => (c === '\t' ? '\\t' : (c ?? ''));
const readChar = (c: string) => (c === '\\t' ? '\t' : c);

function parseTypes(text: string): Record<string, string> | string {
  const types: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const at = line.lastIndexOf(':');
    if (at <= 0) return `Column types, line ${i + 1}: write "column: TYPE".`;
    types[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return types;
}

/** Read options for a CSV file: the sniffer's findings as defaults, the user's overrides applied on "Apply". */
export function CsvOptionsDialog({ dataset, onApply, onClose }: Props) {
  const o = dataset.csvOptions ?? {};
  const s = dataset.sniffed;
  const [delimiter, setDelimiter] = useState(showChar(o.delimiter));
  const [header, setHeader] = useState<'auto' | 'yes' | 'no'>(o.header === undefined ? 'auto' : o.header ? 'yes' : 'no');
  const [quote, setQuote] = useState(o.quote ?? '');
  const [escape, setEscape] = useState(o.escape ?? '');
  const [skip, setSkip] = useState(String(o.skip ?? 0));
  const [nulls, setNulls] = useState((o.nullStrings ?? []).join(', '));
  const [dateFormat, setDateFormat] = useState(o.dateFormat ?? '');
  const [timestampFormat, setTimestampFormat] = useState(o.timestampFormat ?? '');
  const [encoding, setEncoding] = useState<CsvEncoding>(o.encoding ?? 'utf-8');
  const [types, setTypes] = useState(Object.entries(o.columnTypes ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n'));
  const [ignoreErrors, setIgnoreErrors] = useState(o.ignoreErrors ?? false);
  const [nullPadding, setNullPadding] = useState(o.nullPadding ?? false);
  const [allVarchar, setAllVarchar] = useState(o.allVarchar ?? false);
  const [problem, setProblem] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);

  const apply = () => {
    const columnTypes = parseTypes(types);
    if (typeof columnTypes === 'string') return setProblem(columnTypes);
    const options: CsvOptions = {
      skip: Number(skip || '0'),
      encoding,
      ...(delimiter !== '' ? { delimiter: readChar(delimiter) } : {}),
      ...(header !== 'auto' ? { header: header === 'yes' } : {}),
      ...(quote !== '' ? { quote } : {}),
      ...(escape !== '' ? { escape } : {}),
      ...(nulls.trim() !== '' ? { nullStrings: nulls.split(',').map((n) => n.trim()) } : {}),
      ...(dateFormat !== '' ? { dateFormat } : {}),
      ...(timestampFormat !== '' ? { timestampFormat } : {}),
      ...(Object.keys(columnTypes).length > 0 ? { columnTypes } : {}),
      ...(ignoreErrors ? { ignoreErrors } : {}),
      ...(nullPadding ? { nullPadding } : {}),
      ...(allVarchar ? { allVarchar } : {}),
    };
    const bad = csvOptionsProblem(options);
    if (bad) return setProblem(bad);
    onApply(options);
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby="csv-options-title"
        className="modal"
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="csv-options-title">Read options for {dataset.fileName}</h2>
        <p className="muted">Empty fields use what DuckDB's sniffer detected{s ? '' : ' (not yet known)'}.</p>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>Delimiter<input value={delimiter} onChange={(e) => setDelimiter(e.target.value)} placeholder={showChar(s?.delimiter)} /></label>
          <label>
            Header
            <select value={header} onChange={(e) => setHeader(e.target.value as 'auto' | 'yes' | 'no')}>
              <option value="auto">Detect{s ? ` (${s.header ? 'yes' : 'no'})` : ''}</option>
              <option value="yes">First row is the header</option>
              <option value="no">No header</option>
            </select>
          </label>
          <label>Quote<input value={quote} onChange={(e) => setQuote(e.target.value)} placeholder={s?.quote ?? ''} /></label>
          <label>Escape<input value={escape} onChange={(e) => setEscape(e.target.value)} placeholder={s?.escape ?? ''} /></label>
          <label>Skip rows<input type="number" min={0} value={skip} onChange={(e) => setSkip(e.target.value)} /></label>
          <label>Null strings<input value={nulls} onChange={(e) => setNulls(e.target.value)} placeholder="e.g. NA, -, null" /></label>
          <label>Date format<input value={dateFormat} onChange={(e) => setDateFormat(e.target.value)} placeholder={s?.dateFormat ?? '%Y-%m-%d'} /></label>
          <label>Timestamp format<input value={timestampFormat} onChange={(e) => setTimestampFormat(e.target.value)} placeholder={s?.timestampFormat ?? '%Y-%m-%d %H:%M:%S'} /></label>
          <label>
            Encoding
            <select value={encoding} onChange={(e) => setEncoding(e.target.value as CsvEncoding)}>
              {CSV_ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>{enc}</option>
              ))}
            </select>
          </label>
          <label className="wide">
            Column types
            <textarea rows={4} value={types} onChange={(e) => setTypes(e.target.value)} placeholder={s?.columns.slice(0, 3).map((c) => `${c.name}: ${c.type}`).join('\n')} />
          </label>
          <label className="check"><input type="checkbox" checked={ignoreErrors} onChange={(e) => setIgnoreErrors(e.target.checked)} />Skip bad rows</label>
          <label className="check"><input type="checkbox" checked={nullPadding} onChange={(e) => setNullPadding(e.target.checked)} />Pad missing columns with NULL</label>
          <label className="check"><input type="checkbox" checked={allVarchar} onChange={(e) => setAllVarchar(e.target.checked)} />Read all columns as text</label>
          {problem ? <p role="alert" className="error-text wide">{problem}</p> : null}
          <div className="modal-actions wide">
            <button type="button" onClick={onClose}>Cancel</button>
            <button type="submit" className="primary">Apply</button>
          </div>
        </form>
      </div>
    </div>
  );
}
