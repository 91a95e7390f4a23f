/**
 * The one place where identifiers and literals become SQL text.
 * Everything that splices a user-provided name or value into SQL goes through here.
 */

/** Quote an identifier for DuckDB: always double-quoted, embedded quotes doubled. */
export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error('Identifiers cannot contain NUL characters');
  return `"${name.replaceAll('"', '""')}"`;
}

/** A qualified name, e.g. schema.table, each part quoted. */
export function qualified(...parts: string[]): string {
  return parts.map(ident).join('.');
}

/** Quote a string literal for DuckDB. */
export function str(value: string): string {
  if (value.includes('\u0000')) throw new Error('String literals cannot contain NUL characters');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A numeric literal; rejects NaN and infinities, which have no literal form. */
export function num(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return String(value);
}

export function bool(value: boolean): string {
  return value ? 'true' : 'false';
}

/** Exact decimal text, e.g. '9007199254740993' or '-0.10', as a numeric literal with every digit kept. */
export function exactNum(text: string): string {
  if (typeof text !== 'string' || !/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`Not an exact decimal number: ${JSON.stringify(String(text).slice(0, 40))}`);
  return text;
}

/** Any JSON-ish scalar as a literal; null becomes NULL; `{ decimal }` is an exact number. */
export function literal(value: string | number | bigint | boolean | null | { decimal: string }): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return exactNum(value.decimal);
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'boolean':
      return bool(value);
    default:
      return num(value);
  }
}

/** A list literal of strings: ['a', 'b']. */
export function strList(values: readonly string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

/** A struct literal from string keys to SQL fragments already quoted: {'a': 'INT'}. */
export function struct(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${str(k)}: ${v}`).join(', ')}}`;
}
