import type { Scalar } from '../pipeline/document.ts';
import { INTERNAL_PREFIX } from '../sql/guard.ts';
import { ident } from '../sql/quote.ts';
import { formatCount } from '../format-text.ts';
import { profileKind } from '../profile-sql.ts';
import type { CheckRule } from './rules.ts';

/**
 * "Suggest checks": rules the data already obeys, proposed from column profiles (as Deequ's
 * constraint suggestions are), each with the reason in a sentence. Pure: the caller profiles the
 * rows (the app's column profiles, `profile-sql.ts`; `parseCountsSql` for text that looks typed) and
 * the user accepts or rejects each suggestion. Every suggestion passes on the profiled rows.
 */

export interface ColumnStats {
  name: string;
  /** The DuckDB type, e.g. BIGINT, VARCHAR, DATE. */
  type: string;
  rows: number;
  nulls: number;
  /** Distinct non-NULL values. */
  distinct: number;
  /** False when `distinct` is an estimate (HyperLogLog): no `unique` is suggested then. */
  distinctExact: boolean;
  /** Smallest and largest values as text (NaN and infinities left out), when known. */
  min?: string | null;
  max?: string | null;
  /** NaN values (FLOAT, DOUBLE). */
  nan?: number | null;
  /** Empty strings (text). */
  empty?: number | null;
  /** Shortest and longest text, in characters. */
  lenMin?: number | null;
  lenMax?: number | null;
  /** The most common values (NULL as null), most common first. */
  topValues?: { value: string | null; count: number }[];
  /** Text: non-NULL, non-empty values that parse as a finite number, a date, a timestamp. */
  parses?: { number: number; date: number; timestamp: number };
}

export interface SuggestInput {
  pipeline: string;
  /** Where the profiled rows are: after this step, or (absent) the pipeline's output. */
  after?: string;
  columns: ColumnStats[];
  /** ISO 8601 UTC; when given, temporal columns with nothing later get `not_in_future`. */
  now?: string;
  /** Ids already in the document, so suggestions get new ones. */
  existingIds?: readonly string[];
}

export interface Suggestion {
  rule: CheckRule;
  reason: string;
}

/** Most distinct values a column may have to be offered as accepted values. */
export const MAX_ACCEPTED_VALUES = 20;

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;

/** A profile's text of a number as a rule value: a JSON number when exact, else `{ decimal }`. */
function numberValue(text: string): Exclude<Scalar, null> | null {
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  // Whole numbers beyond 2^53 keep every digit.
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(n)) return { decimal: text };
  return n;
}

/** A timestamp's text as milliseconds since the epoch (UTC), or NaN. */
const epochMs = (text: string) => Date.parse(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);

export function suggestChecks(input: SuggestInput): Suggestion[] {
  const taken = new Set(input.existingIds ?? []);
  const id = (kind: string, column: string) => {
    const base = `${kind}_${column.replace(/[^A-Za-z0-9_-]+/g, '_')}`.slice(0, 56);
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
    taken.add(candidate);
    return candidate;
  };
  const place = { pipeline: input.pipeline, ...(input.after !== undefined ? { after: input.after } : {}) };
  const out: Suggestion[] = [];
  const add = (r: Record<string, unknown> & { kind: string; column: string }, reason: string) => out.push({ rule: { id: id(r.kind, r.column), severity: 'error', ...place, ...r } as CheckRule, reason });

  for (const c of input.columns) {
    if (c.rows <= 0) continue;
    const kind = profileKind(c.type);
    const present = c.rows - c.nulls;
    const rows = `${formatCount(c.rows)} rows`;
    const empty = c.empty ?? 0;

    if (c.nulls === 0) {
      const noEmpty = kind === 'text' && c.empty === 0;
      add({ kind: 'not_null', column: c.name, ...(noEmpty ? { emptyIsNull: true } : {}) }, `No ${noEmpty ? 'NULL or empty value' : 'NULL'} in ${rows}.`);
    }

    const uniqueKind = INTEGER.test(c.type) || kind === 'text' || c.type.toUpperCase() === 'UUID';
    const unique = c.distinctExact && present >= 2 && c.distinct === present && uniqueKind;
    if (unique) add({ kind: 'unique', column: c.name }, `Each of the ${formatCount(present)} values is different.`);

    const listed = (c.topValues ?? []).filter((t): t is { value: string; count: number } => t.value !== null);
    const coversAll = listed.reduce((sum, t) => sum + t.count, 0) === present;
    const categorical = !unique && (kind === 'text' || kind === 'boolean') && c.distinct >= 1 && c.distinct <= MAX_ACCEPTED_VALUES && present >= 2 * c.distinct && coversAll && listed.length === c.distinct;
    if (categorical) {
      const values = listed.map((t) => (kind === 'boolean' ? t.value === 'true' : t.value)).sort((a, b) => String(a).localeCompare(String(b)));
      add({ kind: 'accepted_values', column: c.name, values }, `${c.distinct} distinct value${c.distinct === 1 ? '' : 's'} in ${rows}.`);
    }

    if ((kind === 'number' || kind === 'temporal') && c.min != null && c.max != null && (c.nan ?? 0) === 0) {
      const min = kind === 'number' ? numberValue(c.min) : c.min;
      const max = kind === 'number' ? numberValue(c.max) : c.max;
      if (min !== null && max !== null) add({ kind: 'range', column: c.name, min, max }, `Every value is between ${c.min} and ${c.max}.`);
    }

    if (kind === 'temporal' && input.now !== undefined && c.max != null && epochMs(c.max) <= Date.parse(input.now)) {
      add({ kind: 'not_in_future', column: c.name }, `The latest value, ${c.max}, is in the past.`);
    }

    if (kind === 'text' && c.parses) {
      const nonEmpty = present - empty;
      const emptyIsNull = empty > 0 ? { emptyIsNull: true } : {};
      const target = nonEmpty <= 0 ? null : c.parses.number === nonEmpty ? 'number' : c.parses.date === nonEmpty ? 'date' : c.parses.timestamp === nonEmpty ? 'timestamp' : null;
      if (target) add({ kind: 'castable', column: c.name, to: target, ...emptyIsNull }, `Every ${empty > 0 ? 'non-empty ' : ''}value reads as a ${target}.`);
    }

    if (kind === 'text' && !categorical && c.lenMin != null && c.lenMin === c.lenMax && c.lenMin > 0) {
      add({ kind: 'length', column: c.name, min: c.lenMin, max: c.lenMax }, `Every value is ${c.lenMin} characters long.`);
    }
  }
  return out;
}

/**
 * For a text column: its non-NULL, non-empty values that parse as a finite number, a date and a
 * timestamp, as `castable` reads them (one row: `number`, `date`, `timestamp`). `relation` is SQL for
 * the rows: a quoted name or a parenthesized query.
 */
export function parseCountsSql(relation: string, column: string): string {
  const v = ident(`${INTERNAL_PREFIX}_v`);
  return (
    `SELECT count(*) FILTER (WHERE isfinite(TRY_CAST(${v} AS DOUBLE))) AS number, count(*) FILTER (WHERE TRY_CAST(${v} AS DATE) IS NOT NULL) AS date, ` +
    `count(*) FILTER (WHERE TRY_CAST(${v} AS TIMESTAMP) IS NOT NULL) AS timestamp FROM (SELECT CAST(${ident(column)} AS VARCHAR) AS ${v} FROM ${relation}) WHERE ${v} <> ''`
  );
}
