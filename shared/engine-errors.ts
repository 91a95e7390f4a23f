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
  if (csvLine) error.line = Number(csvLine[1]);
  if (sql !== undefined) {
    const position = sqlPosition(text, sql);
    if (position !== undefined) error.position = position;
  }
  return error;
}

/** The first paragraph of the message, plus the lines that say what went wrong in a CSV. */
function summarize(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (line.startsWith('LINE ')) break;
    if (/^\s+\S+ = /.test(line)) continue; // the dialect dump of the CSV reader
    if (/^Possible Solution:/.test(line)) continue;
    kept.push(line);
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
