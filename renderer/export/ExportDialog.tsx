import { useEffect, useRef, useState } from 'react';
import { defaultOptions, EXPORT_LABELS, exportFileName, PARQUET_COMPRESSIONS, type ExportFormat, type ExportOptions, type ParquetCompression } from '../../shared/export/formats.ts';
import type { ExportProgress } from '../../shared/export/sink.ts';
import { formatCount } from '../../shared/format-text.ts';
import type { HostApi } from '../../shared/host-contract.ts';
import type { EngineClient } from '../engine/client.ts';
import { runExport } from './export-job.ts';
import { hostSink } from './host-sink.ts';
import { workerParquet } from './parquet-worker-client.ts';

/** What a data export writes: the relation the grid shows, with the app's view filter if any. */
export interface ExportRows {
  relation: string;
  where?: string;
  /** The file name's stem: the dataset or pipeline name. */
  name: string;
  /** The grid's row count, when known. */
  rowCount: number | null;
}

const DELIMITERS: { label: string; value: string }[] = [
  { label: 'Comma (,)', value: ',' },
  { label: 'Semicolon (;)', value: ';' },
  { label: 'Tab', value: '\t' },
  { label: 'Pipe (|)', value: '|' },
];

/** Rows past which the download fallback (no save picker) warns that the file is built in memory. */
const BIG_FOR_MEMORY = 500_000;

type Phase = { kind: 'options' } | { kind: 'writing'; progress: ExportProgress; name: string } | { kind: 'done'; message: string } | { kind: 'failed'; message: string };

/** One format's export dialog: options, then progress with Cancel, then a sentence saying what happened. */
export function ExportDialog({ engine, host, rows, format, onClose }: { engine: EngineClient; host: HostApi; rows: ExportRows; format: ExportFormat; onClose: () => void }) {
  const [options, setOptions] = useState<ExportOptions>(() => defaultOptions(format));
  const [phase, setPhase] = useState<Phase>({ kind: 'options' });
  const controller = useRef<AbortController | null>(null);
  const title = `Export ${EXPORT_LABELS[format]}`;
  const buffers = host.kind === 'web' && !('showSaveFilePicker' in window);
  const writing = phase.kind === 'writing';

  // Closing the dialog (or the app unmounting it) cancels a running export.
  useEffect(() => () => controller.current?.abort(), []);

  const start = async () => {
    // First thing in the click: the browser's save picker needs the user's gesture.
    const picked = await host.saveDialog({ suggestedName: exportFileName(rows.name, format), kind: format });
    if (!picked.ok) return setPhase({ kind: 'failed', message: picked.error.message });
    if (picked.value === null) return;
    const target = picked.value;
    const abort = new AbortController();
    controller.current = abort;
    setPhase({ kind: 'writing', name: target.name, progress: { rows: 0, total: rows.rowCount, bytes: 0 } });
    let last = 0;
    const result = await runExport(
      { engine, parquet: workerParquet },
      { source: { relation: rows.relation, ...(rows.where !== undefined ? { where: rows.where } : {}) }, options, total: rows.rowCount },
      hostSink(host, target),
      {
        signal: abort.signal,
        onProgress: (progress) => {
          const now = performance.now();
          if (now - last < 100 && progress.rows !== progress.total) return;
          last = now;
          setPhase({ kind: 'writing', name: target.name, progress });
        },
      },
    );
    controller.current = null;
    if (result.ok) setPhase({ kind: 'done', message: `Exported ${formatCount(result.value.rows)} ${result.value.rows === 1 ? 'row' : 'rows'} to ${target.name}.` });
    else if (result.error.kind === 'cancelled') setPhase({ kind: 'failed', message: `Export cancelled: ${target.name} was not written.` });
    else setPhase({ kind: 'failed', message: `The export to ${target.name} failed: ${result.error.message}` });
  };

  const close = () => {
    controller.current?.abort();
    onClose();
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !writing && close()}>
      <div role="dialog" aria-modal="true" aria-label={title} className="modal export-dialog" onKeyDown={(e) => e.key === 'Escape' && !writing && close()}>
        <h2>{title}</h2>
        <p className="muted">
          The {rows.rowCount === null ? '' : `${formatCount(rows.rowCount)} `}rows of {rows.name}
          {rows.where !== undefined ? ', as filtered' : ''}.
        </p>
        {options.format === 'csv' ? (
          <div className="export-options">
            <label>
              Delimiter{' '}
              <select value={options.csv.delimiter} disabled={writing} onChange={(e) => setOptions({ format: 'csv', csv: { ...options.csv, delimiter: e.target.value } })}>
                {DELIMITERS.map((d) => (
                  <option key={d.label} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input type="checkbox" checked={options.csv.header} disabled={writing} onChange={(e) => setOptions({ format: 'csv', csv: { ...options.csv, header: e.target.checked } })} /> Header row
            </label>
          </div>
        ) : null}
        {options.format === 'parquet' ? (
          <div className="export-options">
            <label>
              Compression{' '}
              <select value={options.compression} disabled={writing} onChange={(e) => setOptions({ format: 'parquet', compression: e.target.value as ParquetCompression })}>
                {PARQUET_COMPRESSIONS.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : null}
        {buffers && (rows.rowCount ?? Infinity) > BIG_FOR_MEMORY ? (
          <p className="banner info">This browser cannot write to disk as it goes: the whole file is built in memory and downloaded at the end, which may not fit for this many rows. Chromium-based browsers and the desktop app stream it.</p>
        ) : null}
        {phase.kind === 'writing' ? (
          <div className="export-progress">
            <progress aria-label="Export progress" max={phase.progress.total ?? undefined} value={phase.progress.total === null ? undefined : phase.progress.rows} />
            <span aria-live="polite">
              Writing {phase.name}: {formatCount(phase.progress.rows)}
              {phase.progress.total === null ? '' : ` of ${formatCount(phase.progress.total)}`} rows…
            </span>
          </div>
        ) : null}
        {phase.kind === 'done' ? <p role="status">{phase.message}</p> : null}
        {phase.kind === 'failed' ? <p role="alert" className="banner error">{phase.message}</p> : null}
        <div className="modal-actions">
          {writing ? (
            <button type="button" onClick={() => controller.current?.abort()}>
              Cancel
            </button>
          ) : (
            <>
              <button type="button" onClick={close}>
                {phase.kind === 'done' ? 'Close' : 'Cancel'}
              </button>
              <button type="button" className="primary" autoFocus onClick={() => void start()}>
                Export
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
