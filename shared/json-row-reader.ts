import { parseJson, type JsonObject } from './json-parse.ts';
import { JsonRowsScanner } from './json-rows.ts';

/**
 * JSON rows from text fed chunk by chunk — an array of objects, or one object per line (NDJSON) — parsed with
 * `parseJson` (whole numbers told from others, as read_json does) and checked by the row scan
 * (`json-rows.ts`: key order, shape, nesting). Used by the app's ingest worker and by the CLI, so both find
 * the same rows, the same keys and the same problems, with the same sentences.
 */

export class JsonRowsError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(line !== undefined ? `line ${line}: ${message}` : message);
  }
}

export class JsonRowReader {
  readonly scanner: JsonRowsScanner;
  /** Lines mode: the text after the last newline, and lines read. */
  private carry = '';
  private lineNo = 0;

  constructor(private readonly mode: 'array' | 'lines') {
    this.scanner = new JsonRowsScanner(mode);
  }

  get keys(): string[] {
    return this.scanner.keys;
  }

  /** Feed the next text; each complete row goes to `onRow`. Throws `JsonRowsError`. */
  feed(text: string, onRow: (row: JsonObject) => void): void {
    if (this.mode === 'array') {
      let failure: JsonRowsError | null = null;
      const ok = this.scanner.feed(text, (rowText) => {
        if (failure) return;
        try {
          onRow(parseJson(rowText) as JsonObject);
        } catch (e) {
          failure = new JsonRowsError(`invalid JSON (${e instanceof Error ? e.message : String(e)})`, this.scanner.rowLine);
        }
      });
      if (failure) throw failure;
      if (!ok) this.throwProblem();
      return;
    }
    const text2 = this.carry + text;
    let start = 0;
    for (;;) {
      const end = text2.indexOf('\n', start);
      if (end < 0) break;
      this.line(text2.slice(start, end), onRow);
      start = end + 1;
    }
    this.carry = text2.slice(start);
  }

  /** After the last text: the last line, and a file with no rows. */
  finish(onRow: (row: JsonObject) => void): void {
    if (this.mode === 'lines' && this.carry !== '') {
      this.line(this.carry, onRow);
      this.carry = '';
    }
    if (this.scanner.finish()) this.throwProblem();
  }

  private throwProblem(): never {
    const problem = this.scanner.problem!;
    throw new JsonRowsError(problem.message, problem.message.startsWith('the file') ? undefined : problem.line);
  }

  private line(line: string, onRow: (row: JsonObject) => void): void {
    const n = ++this.lineNo;
    if (!this.scanner.feed(line + '\n')) throw new JsonRowsError(this.scanner.problem?.message ?? 'cannot be read', n);
    const text = line.trim();
    if (text === '') return;
    let value;
    try {
      value = parseJson(text);
    } catch (e) {
      throw new JsonRowsError(`invalid JSON (${e instanceof Error ? e.message : String(e)})`, n);
    }
    if (!(value instanceof Map)) {
      throw new JsonRowsError(`expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' || typeof value === 'bigint' ? 'number' : typeof value}`, n);
    }
    onRow(value);
  }
}
