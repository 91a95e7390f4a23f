/** How the grid shows a value, and how a copied value is written. */

export const NULL_TEXT = 'NULL';

export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return NULL_TEXT;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A value as one TSV field: nulls empty, tabs and newlines escaped so the grid shape survives. */
export function tsvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  return displayValue(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r?\n/g, '\\n');
}

export function toTsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header.map(tsvField).join('\t'), ...rows.map((r) => r.map(tsvField).join('\t'))].join('\n');
}
