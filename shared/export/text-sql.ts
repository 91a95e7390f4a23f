import { ident, str } from '../sql/quote.ts';
import type { ExportColumn, ExportSource, ValueType } from './value-types.ts';

/**
 * The SQL the text exports run. DuckDB turns every value into text itself (`CAST … AS VARCHAR`), so the
 * text is what native DuckDB's `COPY … TO` writes (the CLI writes with COPY), and BIGINT, HUGEINT and
 * DECIMAL never pass through a JavaScript number. For CSV the JavaScript side only quotes
 * (`csv-encode.ts`); for JSON, DuckDB-WASM has no JSON writer (the json extension cannot be loaded
 * offline), so each row's JSON text is built here in SQL, and the JavaScript side only frames the rows.
 */

export function fromSql(source: ExportSource): string {
  const where = source.where === undefined ? '' : `\nWHERE (${source.where})`;
  return `FROM ${ident(source.relation)}${where}`;
}

/** Every row as it is (Parquet, Arrow IPC). */
export function rowsSql(source: ExportSource): string {
  return `SELECT * ${fromSql(source)}`;
}

export function countSql(source: ExportSource): string {
  return `SELECT count(*) AS n ${fromSql(source)}`;
}

/** Each column as DuckDB's text (NULL stays NULL): what its CSV writer writes before quoting. */
export function csvSelectSql(source: ExportSource, columns: readonly ExportColumn[]): string {
  const list = columns.map((c, i) => `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(`c${i}`)}`).join(', ');
  return `SELECT ${list} ${fromSql(source)}`;
}

/** The name of the one column `jsonRowsSql` returns. */
export const JSON_ROW_COLUMN = '__sluice_json';

/** One column: each row as a JSON object's text, as native DuckDB's JSON writer writes it. */
export function jsonRowsSql(source: ExportSource, columns: readonly ExportColumn[]): string {
  return `SELECT ${objectSql(columns.map((c) => ({ key: c.name, expr: ident(c.name), type: c.type })), 0)} AS ${ident(JSON_ROW_COLUMN)} ${fromSql(source)}`;
}

interface Member {
  key: string;
  expr: string;
  type: ValueType;
}

function objectSql(members: readonly Member[], depth: number): string {
  if (members.length === 0) return `'{}'`;
  const parts = members.map((m, i) => `${str(`${i === 0 ? '{' : ','}${jsonText(m.key)}:`)} || coalesce(${valueSql(m.expr, m.type, depth)}, 'null')`);
  return `(${parts.join(' || ')} || '}')`;
}

/** The JSON text of one value, NULL for NULL. */
function valueSql(expr: string, type: ValueType, depth: number): string {
  const text = `CAST(${expr} AS VARCHAR)`;
  switch (type.kind) {
    case 'exact':
    case 'bool':
      return text;
    case 'float':
      return `CASE ${text} WHEN 'nan' THEN 'NaN' WHEN '-nan' THEN 'NaN' WHEN 'inf' THEN 'Infinity' WHEN '-inf' THEN '-Infinity' ELSE ${text} END`;
    case 'text':
      return stringSql(text);
    case 'list': {
      const x = `__sluice_x${depth}`;
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE '[' || coalesce(array_to_string(list_transform(${expr}, lambda ${x}: coalesce(${valueSql(x, type.of, depth + 1)}, 'null')), ','), '') || ']' END`;
    }
    case 'struct': {
      const members = type.fields.map((f) => ({ key: f.name, expr: `struct_extract(${expr}, ${str(f.name)})`, type: f.type }));
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE ${objectSql(members, depth)} END`;
    }
    case 'map': {
      const e = `__sluice_e${depth}`;
      const key = stringSql(`CAST(${e}.key AS VARCHAR)`);
      const entry = `${key} || ':' || coalesce(${valueSql(`${e}.value`, type.value, depth + 1)}, 'null')`;
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE '{' || coalesce(array_to_string(list_transform(map_entries(${expr}), lambda ${e}: ${entry}), ','), '') || '}' END`;
    }
  }
}

/** Control characters with a short JSON escape; the others are written `\u00xx`. */
const SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

/**
 * A JSON string of DuckDB text: quotes, backslashes and control characters escaped as native DuckDB's
 * writer (yyjson) escapes them; everything else, non-ASCII included, written as is. Values without any
 * of those characters skip the replacements.
 */
function stringSql(text: string): string {
  let escaped = `replace(replace(${text}, '\\', '\\\\'), '"', '\\"')`;
  for (let code = 1; code < 32; code++) {
    const to = SHORT_ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
    escaped = `replace(${escaped}, chr(${code}), ${str(to)})`;
  }
  return `CASE WHEN regexp_matches(${text}, '[\\x01-\\x1f"\\\\]') THEN '"' || ${escaped} || '"' ELSE '"' || ${text} || '"' END`;
}

/** A JSON string literal of `text`, escaped as `stringSql` escapes values (for object keys). */
export function jsonText(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 32) out += SHORT_ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
