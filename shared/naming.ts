/** Turning file names into SQL table names. */

const RESERVED = new Set(
  [
    'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
    'check', 'collate', 'column', 'constraint', 'create', 'default', 'deferrable', 'desc', 'describe', 'distinct',
    'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
    'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'not', 'null', 'offset', 'on', 'only', 'or',
    'order', 'pivot', 'placing', 'primary', 'qualify', 'references', 'returning', 'select', 'show', 'some',
    'summarize', 'symmetric', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'unpivot', 'using',
    'variadic', 'when', 'where', 'window', 'with',
  ],
);

/** The file name without directories and its (possibly compound) data extension. */
export function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? fileName;
  return last.replace(/\.(csv|tsv|txt|psv|tab|parquet|pq|json|ndjson|jsonl|arrow|feather|ipc|arrows)(\.(gz|zst))?$/i, '');
}

/**
 * A valid, unquoted-safe identifier: `airports.csv` → `airports`, `flights-3m.parquet` → `flights_3m`.
 * Letters outside ASCII are kept (DuckDB accepts them); anything else becomes `_`.
 */
export function identifierFor(text: string): string {
  let id = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (id === '') id = 'data';
  if (/^\p{N}/u.test(id)) id = `t_${id}`;
  if (RESERVED.has(id)) id = `${id}_data`;
  return id;
}

/** A table name for a file that does not clash with `taken` (compared case-insensitively, as DuckDB does). */
export function tableNameFor(fileName: string, taken: Iterable<string>): string {
  return uniqueName(identifierFor(baseName(fileName)), taken);
}

export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  if (!used.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) {
    const candidate = `${wanted}_${i}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Why a user-typed table name is not acceptable, or null when it is. */
export function tableNameProblem(name: string, taken: Iterable<string>): string | null {
  if (name.trim() === '') return 'A table name cannot be empty.';
  if (name !== name.trim()) return 'A table name cannot start or end with spaces.';
  if (name.length > 120) return 'A table name can be at most 120 characters.';
  if (name.includes('\u0000')) return 'A table name cannot contain NUL characters.';
  if ([...taken].some((t) => t.toLowerCase() === name.toLowerCase())) return `A dataset named "${name}" already exists.`;
  return null;
}
