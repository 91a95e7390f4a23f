/**
 * An expected schema against the columns DuckDB describes. Names match exactly (case included);
 * types match after normalizing DuckDB's aliases (INT = INTEGER, TEXT = STRING = VARCHAR,
 * VARCHAR(20) = VARCHAR, DATETIME = TIMESTAMP, BOOL = BOOLEAN, DECIMAL = DECIMAL(18,3), …), case and
 * spacing. An expected column without a type matches any type.
 */

const ALIASES: Record<string, string> = {
  INT: 'INTEGER',
  INT4: 'INTEGER',
  SIGNED: 'INTEGER',
  INT8: 'BIGINT',
  LONG: 'BIGINT',
  INT2: 'SMALLINT',
  SHORT: 'SMALLINT',
  INT1: 'TINYINT',
  FLOAT4: 'FLOAT',
  REAL: 'FLOAT',
  FLOAT8: 'DOUBLE',
  STRING: 'VARCHAR',
  TEXT: 'VARCHAR',
  CHAR: 'VARCHAR',
  BPCHAR: 'VARCHAR',
  BOOL: 'BOOLEAN',
  LOGICAL: 'BOOLEAN',
  DATETIME: 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE',
  NUMERIC: 'DECIMAL',
  BYTEA: 'BLOB',
  BINARY: 'BLOB',
  VARBINARY: 'BLOB',
};

/** A type name in one canonical spelling. */
export function normalizeType(type: string): string {
  const t = type.trim().toUpperCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1');
  const match = /^([A-Z][A-Z0-9_]*(?: [A-Z]+)*)(\(.*\))?((?:\[\])*)$/.exec(t);
  if (!match) return t;
  const base = ALIASES[match[1]!] ?? match[1]!;
  let params = match[2] ?? '';
  if (base === 'VARCHAR') params = '';
  if (base === 'DECIMAL' && params === '') params = '(18,3)';
  return `${base}${params}${match[3] ?? ''}`;
}

export interface DescribedColumn {
  name: string;
  type: string;
}

/** Each difference as a sentence, in the order of the expected columns, then the unexpected ones. */
export function schemaDifferences(expected: readonly { name: string; type?: string }[], actual: readonly DescribedColumn[], exact: boolean): string[] {
  const differences: string[] = [];
  const byName = new Map(actual.map((c) => [c.name, c]));
  for (const want of expected) {
    const got = byName.get(want.name);
    if (!got) {
      const other = actual.find((c) => c.name.toLowerCase() === want.name.toLowerCase());
      differences.push(`Column "${want.name}" is missing${other ? ` (there is "${other.name}")` : ''}.`);
    } else if (want.type !== undefined && normalizeType(want.type) !== normalizeType(got.type)) {
      differences.push(`Column "${want.name}" is ${got.type}, not ${want.type}.`);
    }
  }
  if (exact) {
    const names = new Set(expected.map((c) => c.name));
    for (const c of actual) if (!names.has(c.name)) differences.push(`Column "${c.name}" (${c.type}) is not expected.`);
  }
  return differences;
}
