import { formatCount } from './format-text.ts';
import type { AppError } from './result.ts';

/**
 * DuckDB reports errors as text: "<Kind> Error: <message>" followed by details and,
 * for SQL errors, an excerpt "LINE n: <sql>" with a caret under the position.
 * This turns that text into an AppError with a short message and the position in the SQL.
 */
export function parseDuckDbError(raw: string, sql?: string): AppError {
  const structured = structuredError(raw);
  if (structured) return structured;
  const text = raw.replace(/^Error:\s*/, '');
  const kindMatch = /^([A-Za-z ]+?) Error: /.exec(text);
  const kind = kindMatch ? kindMatch[1]!.toLowerCase().replaceAll(' ', '-') : 'engine';
  const error: AppError = { kind, message: summarize(text) };
  const csvLine = /CSV Error on Line: (\d+)/.exec(text);
  if (csvLine) {
    error.line = Number(csvLine[1]);
    Object.assign(error, csvProblem(text));
  }
  if (sql !== undefined) {
    const position = sqlPosition(text, sql);
    if (position !== undefined) error.position = position;
  }
  return error;
}

/**
 * What DuckDB's CSV reader reports, as a short sentence (the caller adds file and line): never the
 * whole offending line (it may be megabytes long), the dialect dump or the SQL-level hints.
 */
export function csvProblem(text: string): Pick<AppError, 'kind' | 'message' | 'column' | 'fixes'> {
  const conversion = /Error when converting column "((?:[^"]|"")*)"\. Could not convert string "((?:[^"\n]|"")*)" to '([^']+)'/.exec(text);
  if (conversion) {
    const [, column = '', value = '', type = ''] = conversion;
    return {
      kind: 'csv-conversion',
      column,
      message: `column "${column}": ${JSON.stringify(shorten(value))} cannot be read as ${type}.`,
      fixes: [`text-column|${column}`, 'all-text', 'skip-bad-rows'],
    };
  }
  const lineSize = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(text);
  if (lineSize) {
    const actual = Number(lineSize[2]);
    // Raise the limit to the next whole MiB above the line, with room for lines a little longer.
    const raised = Math.ceil((actual * 1.25) / 1048576) * 1048576;
    return {
      kind: 'csv-line-size',
      message: `the line is ${formatCount(actual)} bytes long, longer than the limit of ${formatCount(Number(lineSize[1]))} bytes.`,
      fixes: [`max-line-size|${raised}`],
    };
  }
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
  if (columns) return { kind: 'csv-columns', message: `row has ${columns[2]} fields where the header has ${columns[1]}.`, fixes: ['pad-columns', 'skip-bad-rows'] };
  if (/not utf-8 encoded|Invalid unicode/i.test(text)) return { kind: 'csv-encoding', message: 'the text is not utf-8 encoded (it may be Latin-1).', fixes: ['encoding-latin-1'] };
  // Otherwise the sentence after the offending line, which says what is wrong with it.
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Original Line:'));
  const said = (at >= 0 ? lines[at + 1] : lines[0]) ?? '';
  return { kind: 'csv', message: shorten(said.replace(/^[A-Za-z ]+ Error: /, '').trim(), 200), fixes: ['skip-bad-rows'] };
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The first paragraph of the message, plus the lines that say what went wrong in a CSV. */
function summarize(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (line.startsWith('LINE ')) break;
    if (/^\s+\S+ = /.test(line)) continue; // the dialect dump of the CSV reader
    if (/^Possible (Solution|solutions|fixes)/.test(line)) break;
    kept.push(line.startsWith('Original Line:') ? shorten(line, 120) : line);
  }
  return kept
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** The 0-based offset into `sql` that DuckDB's caret points at, if it gave one. */
export function sqlPosition(text: string, sql: string): number | undefined {
  const match = /LINE (\d+): (.*)\n( *)\^/.exec(text);
  if (!match) return undefined;
  const lineNo = Number(match[1]);
  const excerpt = match[2]!;
  const caretCol = match[3]!.length - `LINE ${lineNo}: `.length;
  const sqlLines = sql.split('\n');
  const line = sqlLines[lineNo - 1];
  if (line === undefined) return undefined;
  let column = caretCol;
  if (excerpt.startsWith('...')) {
    const visible = excerpt.slice(3).replace(/\.\.\.$/, '');
    const at = line.indexOf(visible);
    if (at < 0) return undefined;
    column = at + caretCol - 3;
  }
  column = Math.max(0, Math.min(column, line.length));
  let offset = 0;
  for (let i = 0; i < lineNo - 1; i++) offset += sqlLines[i]!.length + 1;
  return offset + column;
}

/**
 * DuckDB-WASM sometimes reports an error as JSON (`{"exception_type":"Parser","exception_message":…,
 * "position":"47"}`): the same error as a sentence, with its position.
 */
function structuredError(raw: string): AppError | null {
  const text = raw.replace(/^Error:\s*/, '').trim();
  if (!text.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { exception_type: type, exception_message: message, position } = parsed as Record<string, unknown>;
  if (typeof message !== 'string') return null;
  const kind = typeof type === 'string' ? type.toLowerCase().replaceAll(' ', '-') : 'engine';
  const error: AppError = { kind, message: summarize(`${typeof type === 'string' ? `${type} Error: ` : ''}${message}`) };
  const at = Number(position);
  if (position !== undefined && Number.isInteger(at) && at >= 0) error.position = at;
  return error;
}

/**
 * A message without the app's internal relation names (`__sluice_data_13`, `__sluice_step_2`, …):
 * each becomes what the user knows it as. `datasetName` names a dataset by its id.
 */
export function withoutInternalNames(message: string, datasetName: (id: number) => string | undefined = () => undefined): string {
  return message.replace(/"?__sluice_(?:p\d+_)?([a-z]+)(?:_(\d+))?(?:_[a-z]+)?"?/gi, (whole, kind: string, n: string | undefined) => {
    const index = n === undefined ? undefined : Number(n);
    switch (kind.toLowerCase()) {
      case 'data':
      case 'rejects':
      case 'count': {
        const name = index === undefined ? undefined : datasetName(index);
        return name === undefined ? 'the dataset' : `"${name}"`;
      }
      case 'step':
        return index === undefined ? 'a step' : `step ${index}`;
      case 'input':
        return "the pipeline's input";
      case 'preview':
        return "the pipeline's result";
      case 'console':
        return 'the query result';
      default:
        return whole;
    }
  });
}
