import { JsonFloat, type JsonObject, type JsonValue } from './json-parse.ts';
import { ident } from './sql/quote.ts';

/**
 * The column types of JSON rows, decided as native DuckDB 1.4.3's `read_json` decides them (measured with
 * `@duckdb/node-api` 1.4.3, `test/unit/json-types.test.ts` keeps the comparison), over every row (read_json's
 * `sample_size=-1`):
 *
 * | values                                            | read_json             | Sluice (app and CLI)        |
 * | ------------------------------------------------- | --------------------- | --------------------------- |
 * | whole numbers (`1`, `-2`) within int64            | BIGINT                | BIGINT                      |
 * | whole numbers beyond int64, any `1.5`, `2.0`, `1e2` | DOUBLE              | DOUBLE                      |
 * | `true` / `false`                                  | BOOLEAN               | BOOLEAN                     |
 * | text                                              | VARCHAR               | VARCHAR                     |
 * | text that is all `YYYY-MM-DD` (valid dates)       | DATE                  | DATE                        |
 * | text that is all `YYYY-MM-DD HH:MM:SS[.f]` or `YYYY-MM-DDTHH:MM:SSZ` | TIMESTAMP | TIMESTAMP        |
 * | text that is all `HH:MM[:SS[.f]]`                 | TIME                  | TIME                        |
 * | text that is all UUIDs                            | UUID                  | UUID                        |
 * | two of those kinds of text                        | VARCHAR               | VARCHAR                     |
 * | objects                                           | STRUCT (keys in first-appearance order, merged) | STRUCT |
 * | arrays                                            | LIST of the merged element type | LIST              |
 * | values of different kinds (a number and text, …) | JSON                  | VARCHAR holding the JSON text |
 * | only nulls, only `[]`'s elements                  | JSON                  | VARCHAR (NULL)              |
 * | only `{}`                                         | MAP(VARCHAR, JSON)    | VARCHAR holding `{}`        |
 *
 * The JSON type does not exist in DuckDB-WASM (its json extension is never downloaded), so where read_json
 * gives JSON the app gives VARCHAR with the value's JSON text written as read_json writes it, and the CLI
 * adapts: it reads those columns as JSON and casts them to VARCHAR (`cli/json-source.ts`). The CLI also reads
 * with the columns decided here, so a case these rules do not mirror (read_json also finds dates written
 * `DD-MM-YYYY`, and makes a MAP of nested objects whose keys are sparse) still gives the same rows on both.
 */

export type JsonType =
  | { t: 'NULL' }
  | { t: 'BIGINT' }
  | { t: 'DOUBLE' }
  | { t: 'BOOLEAN' }
  /** Text; `kind` is what every value so far also is (a DATE, …), or VARCHAR. */
  | { t: 'TEXT'; kind: TextKind }
  | { t: 'JSON' }
  | { t: 'STRUCT'; fields: Map<string, JsonType> }
  | { t: 'LIST'; of: JsonType };

/** Timestamps written with a fraction of a second, or with `Z`, are other formats to read_json: mixed, they are VARCHAR. */
export type TextKind = 'DATE' | 'TIMESTAMP' | 'TIMESTAMP_FRACTION' | 'TIMESTAMP_Z' | 'TIME' | 'UUID' | 'VARCHAR';

export const NULL_TYPE: JsonType = { t: 'NULL' };
const BIGINT: JsonType = { t: 'BIGINT' };
const DOUBLE: JsonType = { t: 'DOUBLE' };
const BOOLEAN: JsonType = { t: 'BOOLEAN' };
const JSON_TYPE: JsonType = { t: 'JSON' };

const DATE = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?: \d{2}:\d{2}:\d{2}(\.\d{1,6})?|T\d{2}:\d{2}:\d{2}(Z))$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function validDate(y: string, m: string, d: string): boolean {
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

export function textKind(s: string): TextKind {
  const first = s.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    let m = TIMESTAMP.exec(s);
    if (m) return validDate(m[1]!, m[2]!, m[3]!) ? (m[4] ? 'TIMESTAMP_FRACTION' : m[5] ? 'TIMESTAMP_Z' : 'TIMESTAMP') : 'VARCHAR';
    m = DATE.exec(s);
    if (m) return validDate(m[1]!, m[2]!, m[3]!) ? 'DATE' : 'VARCHAR';
    if (TIME.test(s)) return 'TIME';
  } else if (first === 32) {
    const m = DATE.exec(s);
    if (m) return validDate(m[1]!, m[2]!, m[3]!) ? 'DATE' : 'VARCHAR';
  }
  return s.length === 36 && UUID.test(s) ? 'UUID' : 'VARCHAR';
}

/** The type of one value. */
export function typeOf(v: JsonValue): JsonType {
  if (v === null) return NULL_TYPE;
  switch (typeof v) {
    case 'boolean':
      return BOOLEAN;
    case 'string':
      return { t: 'TEXT', kind: textKind(v) };
    case 'number':
    case 'bigint':
      return BIGINT;
    default:
      break;
  }
  if (v instanceof JsonFloat) return DOUBLE;
  if (Array.isArray(v)) {
    let of: JsonType = NULL_TYPE;
    for (const x of v) of = merge(of, typeOf(x));
    return { t: 'LIST', of };
  }
  const fields = new Map<string, JsonType>();
  for (const [k, x] of v) fields.set(k, typeOf(x));
  return { t: 'STRUCT', fields };
}

/** The type both `a` and `b` fit (read_json's merge). */
export function merge(a: JsonType, b: JsonType): JsonType {
  if (a === b || b.t === 'NULL') return a;
  if (a.t === 'NULL') return b;
  if (a.t === 'JSON' || b.t === 'JSON') return JSON_TYPE;
  if (a.t !== b.t) return (a.t === 'BIGINT' && b.t === 'DOUBLE') || (a.t === 'DOUBLE' && b.t === 'BIGINT') ? DOUBLE : JSON_TYPE;
  if (a.t === 'TEXT' && b.t === 'TEXT') return a.kind === b.kind ? a : { t: 'TEXT', kind: 'VARCHAR' };
  if (a.t === 'LIST' && b.t === 'LIST') {
    const of = merge(a.of, b.of);
    return of === a.of ? a : { t: 'LIST', of };
  }
  if (a.t === 'STRUCT' && b.t === 'STRUCT') {
    let fields: Map<string, JsonType> | null = null;
    for (const [k, tb] of b.fields) {
      const ta = a.fields.get(k);
      const m = ta === undefined ? tb : merge(ta, tb);
      if (m !== ta) (fields ??= new Map(a.fields)).set(k, m);
    }
    return fields ? { t: 'STRUCT', fields } : a;
  }
  return a;
}

/** Two types are the same (cheap in the common case: merging returns the same object when nothing changed). */
export function sameType(a: JsonType, b: JsonType): boolean {
  return a === b || sqlType(a, 'reference') === sqlType(b, 'reference');
}

/**
 * The SQL type: `app` is what Sluice gives (no JSON type); `reference` is read_json's (JSON where the app
 * gives VARCHAR), which the CLI reads with before casting to the app's.
 */
export function sqlType(t: JsonType, mode: 'app' | 'reference'): string {
  switch (t.t) {
    case 'NULL':
    case 'JSON':
      return mode === 'app' ? 'VARCHAR' : 'JSON';
    case 'TEXT':
      return t.kind.startsWith('TIMESTAMP') ? 'TIMESTAMP' : t.kind;
    case 'LIST':
      return `${sqlType(t.of, mode)}[]`;
    case 'STRUCT':
      if (t.fields.size === 0) return mode === 'app' ? 'VARCHAR' : 'MAP(VARCHAR, JSON)';
      return `STRUCT(${[...t.fields].map(([k, f]) => `${ident(k)} ${sqlType(f, mode)}`).join(', ')})`;
    default:
      return t.t;
  }
}

/**
 * Whether values stored for type `from` (an earlier chunk's) become those of `to` by a SQL cast: nulls to
 * anything, BIGINT to DOUBLE, one kind of text to another (text is stored as written). Otherwise (a
 * number that must become JSON text, a struct that gained a field) the rows are read again.
 */
export function castable(from: JsonType, to: JsonType): boolean {
  if (from === to || from.t === 'NULL') return true;
  if (from.t === 'BIGINT') return to.t === 'BIGINT' || to.t === 'DOUBLE';
  if (from.t === 'TEXT') return to.t === 'TEXT';
  if (from.t === 'LIST') return to.t === 'LIST' && castable(from.of, to.of);
  if (from.t === 'STRUCT') {
    if (to.t !== 'STRUCT' || to.fields.size !== from.fields.size || from.fields.size === 0) return false;
    for (const [k, f] of from.fields) {
      const g = to.fields.get(k);
      if (!g || !castable(f, g)) return false;
    }
    return true;
  }
  return from.t === to.t;
}

/** A value as read_json writes a JSON value as text (its yyjson writer): minified, doubles with `.0`, exponents without `+`. */
export function jsonText(v: JsonValue): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
    case 'number':
    case 'bigint':
      return String(v);
    case 'string':
      return JSON.stringify(v);
    default:
      break;
  }
  if (v instanceof JsonFloat) return v.raw ?? doubleText(v.value);
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
}

function doubleText(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  if (s.includes('e')) return s.replace('e+', 'e');
  return s.includes('.') ? s : `${s}.0`;
}

/** The types of the columns of rows, merged row by row; columns in first-appearance order. */
export class RowTypes {
  readonly types = new Map<string, JsonType>();

  add(row: JsonObject): void {
    for (const [k, v] of row) {
      const before = this.types.get(k);
      if (before === undefined) this.types.set(k, typeOf(v));
      else if (v !== null) {
        const after = merge(before, typeOf(v));
        if (after !== before) this.types.set(k, after);
      }
    }
  }
}
