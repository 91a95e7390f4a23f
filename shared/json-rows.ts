import { formatCount } from './format-text.ts';

/**
 * A scan of JSON rows — an array of objects, or one object per line (NDJSON) — fed text chunk by
 * chunk. It finds what the engine's JSON reader does not keep or say: the keys in the order they
 * first appear (the file's order, as native DuckDB's read_json keeps it), the first field whose
 * values change kind (numbers, then text), values nested too deeply, and a file that is not rows.
 */

export type JsonKind = 'text' | 'number' | 'boolean' | 'object' | 'array';

export interface KindConflict {
  key: string;
  /** 1-based row (object) where the other kind first appears, and its line in the file. */
  row: number;
  line: number;
  first: JsonKind;
  found: JsonKind;
}

export interface JsonRowsProblem {
  line: number;
  message: string;
}

/** Deeper nesting than this is refused with the line named (the engine's reader overflows its stack on it). */
export const MAX_JSON_DEPTH = 1000;

const KIND_WORDS: Record<JsonKind, string> = { text: 'text', number: 'numbers', boolean: 'true/false values', object: 'objects', array: 'arrays' };
const A_KIND: Record<JsonKind, string> = { text: 'text', number: 'a number', boolean: 'a true/false value', object: 'an object', array: 'an array' };

export const SUPPORTED_JSON_SHAPES = 'Sluice reads a JSON array of objects ([{…}, {…}]) or one JSON object per line (NDJSON)';

export class JsonRowsScanner {
  readonly keys: string[] = [];
  private readonly seen = new Set<string>();
  private readonly kinds = new Map<string, JsonKind>();
  conflict: KindConflict | null = null;
  problem: JsonRowsProblem | null = null;
  line = 1;
  rows = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private key: string | null = null;
  private expectKey = false;
  private lastKey: string | null = null;
  private valueOf: string | null = null;
  private readonly rowDepth: number;

  constructor(private readonly mode: 'array' | 'lines') {
    this.rowDepth = mode === 'array' ? 2 : 1;
  }

  /** Array mode: each row's text, as its closing brace is read (see `feed`). */
  private rowParts: string[] | null = null;
  private rowStart = -1;
  /** The line each captured row starts on. */
  rowLine = 1;

  /**
   * Scan the next chunk of text; false once a problem was found. In array mode, `onRow` receives the
   * text of each row (a top-level object) when it ends, with its first line in `rowLine`.
   */
  feed(text: string, onRow?: (row: string) => void): boolean {
    if (this.problem) return false;
    const capture = onRow !== undefined && this.mode === 'array';
    if (capture && this.rowParts) this.rowStart = 0;
    const ok = this.scan(text, capture ? onRow : undefined);
    if (capture && this.rowParts && this.rowStart >= 0) this.rowParts.push(text.slice(this.rowStart));
    this.rowStart = -1;
    return ok;
  }

  private scan(text: string, onRow: ((row: string) => void) | undefined): boolean {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') {
          this.inString = false;
          if (this.key !== null) this.endKey();
          continue;
        }
        if (this.key !== null) this.key += ch;
        continue;
      }
      switch (ch) {
        case '\n':
          this.line++;
          break;
        case ' ':
        case '\t':
        case '\r':
          break;
        case '"':
          this.inString = true;
          if (this.depth === this.rowDepth && this.expectKey) this.key = '';
          else this.value('text');
          break;
        case '{':
        case '[':
          if (!this.open(ch)) return false;
          if (onRow && this.depth === this.rowDepth && ch === '{') {
            this.rowParts = [];
            this.rowStart = i;
            this.rowLine = this.line;
          }
          break;
        case '}':
        case ']':
          this.depth--;
          if (onRow && this.rowParts && this.depth === this.rowDepth - 1) {
            const start = this.rowStart < 0 ? 0 : this.rowStart;
            this.rowParts.push(text.slice(start, i + 1));
            onRow(this.rowParts.length === 1 ? this.rowParts[0]! : this.rowParts.join(''));
            this.rowParts = null;
            this.rowStart = -1;
          }
          break;
        case ',':
          if (this.depth === this.rowDepth) this.expectKey = true;
          break;
        case ':':
          if (this.depth === this.rowDepth) this.valueOf = this.lastKey;
          break;
        default:
          if (!this.scalar(ch)) return false;
      }
    }
    return true;
  }

  /** After the last chunk: a file with no rows at all is a problem too. */
  finish(): JsonRowsProblem | null {
    if (!this.problem && this.mode === 'array' && this.rows === 0 && this.depth === 0 && this.line === 1 && this.keys.length === 0) {
      this.problem = { line: 1, message: `the file holds no JSON objects. ${SUPPORTED_JSON_SHAPES}.` };
    }
    return this.problem;
  }

  private open(ch: '{' | '['): boolean {
    if (this.valueOf !== null) this.value(ch === '{' ? 'object' : 'array');
    if (this.depth === 0 && this.mode === 'array' && ch === '{') return this.fail(`the file holds a single JSON object, not rows. ${SUPPORTED_JSON_SHAPES}.`);
    if (this.depth === 1 && this.mode === 'array' && ch === '[') return this.fail(`row ${formatCount(this.rows + 1)} is an array, not an object. ${SUPPORTED_JSON_SHAPES}.`);
    this.depth++;
    if (this.depth > MAX_JSON_DEPTH) return this.fail(`values are nested more than ${formatCount(MAX_JSON_DEPTH)} levels deep, more than Sluice can read.`);
    if (this.depth === this.rowDepth && ch === '{') {
      this.rows++;
      this.expectKey = true;
    }
    return true;
  }

  private scalar(ch: string): boolean {
    if (this.valueOf !== null) {
      if (ch === 'n') this.valueOf = null;
      else this.value(ch === 't' || ch === 'f' ? 'boolean' : 'number');
      return true;
    }
    if (this.mode === 'array' && this.depth <= 1 && !/[0-9a-zA-Z.+-]/.test(ch)) return true;
    if (this.mode === 'array' && this.depth === 0 && this.rows === 0) return this.fail(`the file holds a single JSON value, not rows. ${SUPPORTED_JSON_SHAPES}.`);
    if (this.mode === 'array' && this.depth === 1) return this.fail(`row ${formatCount(this.rows + 1)} is ${ch === '"' ? 'text' : 'a single value'}, not an object. ${SUPPORTED_JSON_SHAPES}.`);
    return true;
  }

  private value(kind: JsonKind): void {
    const key = this.valueOf;
    this.valueOf = null;
    if (key === null) {
      if (this.mode === 'array' && this.depth === 0) this.fail(`the file holds a single JSON value, not rows. ${SUPPORTED_JSON_SHAPES}.`);
      if (this.mode === 'array' && this.depth === 1 && kind === 'text') this.fail(`row ${formatCount(this.rows + 1)} is text, not an object. ${SUPPORTED_JSON_SHAPES}.`);
      return;
    }
    const first = this.kinds.get(key);
    if (first === undefined) this.kinds.set(key, kind);
    else if (first !== kind && this.conflict === null) this.conflict = { key, row: this.rows, line: this.line, first, found: kind };
  }

  private endKey(): void {
    let key: string;
    try {
      key = JSON.parse(`"${this.key ?? ''}"`) as string;
    } catch {
      key = this.key ?? '';
    }
    this.key = null;
    this.expectKey = false;
    this.lastKey = key;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.keys.push(key);
    }
  }

  private fail(message: string): false {
    this.problem ??= { line: this.line, message };
    return false;
  }
}

/** The note for a field whose values change kind: read_json makes it JSON, which Sluice shows as its text. */
export function kindConflictNote(c: KindConflict, unit: 'row' | 'line'): string {
  const where = unit === 'row' ? `row ${formatCount(c.row)}` : `line ${formatCount(c.line)}`;
  return `Field "${c.key}" holds ${A_KIND[c.found]} at ${where}, where earlier rows hold ${KIND_WORDS[c.first]}: its values are read as JSON text (VARCHAR).`;
}

/** The sentence for a field whose values change kind (the engine's reader cannot read it). */
export function describeKindConflict(c: KindConflict, unit: 'row' | 'line'): string {
  const where = unit === 'row' ? `row ${formatCount(c.row)}` : `line ${formatCount(c.line)}`;
  return `field "${c.key}" holds ${A_KIND[c.found]} at ${where}, where earlier rows hold ${KIND_WORDS[c.first]}; Sluice reads a JSON field with one kind of value.`;
}
