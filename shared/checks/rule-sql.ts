import { CompileError } from '../pipeline/compile.ts';
import { EXACT_NUMBER, isExactNumber, type Scalar } from '../pipeline/document.ts';
import { LIMITS } from '../pipeline/limits.ts';
import { checkExpression, INTERNAL_PREFIX } from '../sql/guard.ts';
import { ident, literal, num, str } from '../sql/quote.ts';
import { CAST_TARGETS, type RowRule } from './rules.ts';

/**
 * The failing-row predicate of each row rule: a boolean SQL expression over one row of the checked
 * relation (aliased `ROW_ALIAS`), true when the row breaks the rule and never NULL.
 *
 * NULL, NaN and the empty string, rule by rule (docs/checks.md says the same, with examples):
 * - NULL is "no value": every rule but `not_null` passes it (add a `not_null` rule to forbid it).
 *   `expression` passes rows where the expression is NULL, as SQL CHECK constraints do; keys with a
 *   NULL part pass `unique_combination` and `relationship`, as in SQL UNIQUE and FOREIGN KEY.
 * - NaN (FLOAT and DOUBLE columns) is a value: it passes `not_null` (unless `nanIsNull`), fails every
 *   `range`, is equal to every other NaN for `unique` / `unique_combination`, is no accepted value,
 *   is the text "nan" for `regex` and `length`, and is not a castable number.
 * - The empty string is a value: it fails `not_null` only with `emptyIsNull`, passes `castable` only
 *   with `emptyIsNull`, has length 0, matches a pattern only if the pattern matches "", and is an
 *   accepted value only if listed.
 *
 * Every name and value goes through `sql/quote.ts`; keywords come from fixed lists checked here;
 * the user's expression passes `sql/guard.ts` and is parenthesized.
 */

/** The alias of the checked relation's rows in every check query. */
export const ROW_ALIAS = `${INTERNAL_PREFIX}_t`;
/** The alias of the other relation's rows in a relationship rule. */
const OTHER_ALIAS = `${INTERNAL_PREFIX}_r`;

const column = (name: string, alias = ROW_ALIAS) => {
  if (typeof name !== 'string' || name === '') throw new CompileError(`${JSON.stringify(name)} is not a column name.`);
  return `${ident(alias)}.${ident(name)}`;
};
const asText = (sql: string) => `CAST(${sql} AS VARCHAR)`;
/** NaN in a FLOAT or DOUBLE column, false for every other type (and binds for every type). */
const isNaN = (sql: string) => `(typeof(${sql}) IN ('FLOAT', 'DOUBLE') AND isnan(TRY_CAST(${asText(sql)} AS DOUBLE)))`;

/** A value to compare with: text, a finite number, true/false or an exact number; never NULL. */
function value(v: unknown, what: string): string {
  if (typeof v === 'string' || typeof v === 'boolean') return literal(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CompileError(`${what} must be a finite number, not ${String(v)}.`);
    return literal(v);
  }
  if (isExactNumber(v) && EXACT_NUMBER.test(v.decimal)) return literal(v);
  throw new CompileError(`${what} must be a value (text, number, true/false or {"decimal": "…"}), not ${JSON.stringify(v as Scalar)}.`);
}

function bound(v: unknown, what: string): string {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new CompileError(`${what} must be a whole number of at least 0, not ${JSON.stringify(v)}.`);
  return num(v);
}

const optionalBool = (v: unknown, what: string): boolean => {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new CompileError(`${what} must be true or false.`);
  return v;
};

function columnList(columns: unknown, what: string): string[] {
  if (!Array.isArray(columns) || columns.length === 0 || columns.some((c) => typeof c !== 'string' || c === '')) throw new CompileError(`${what} needs at least one column.`);
  return columns as string[];
}

/** `min <= v AND v <= max` with each bound optional and inclusive or not. */
function within(sql: string, min: string | undefined, max: string | undefined, minInclusive: boolean, maxInclusive: boolean): string {
  const parts = [min !== undefined ? `${sql} ${minInclusive ? '>=' : '>'} ${min}` : null, max !== undefined ? `${sql} ${maxInclusive ? '<=' : '<'} ${max}` : null].filter((p): p is string => p !== null);
  if (parts.length === 0) throw new CompileError('The rule needs a min or a max.');
  return parts.join(' AND ');
}

/** What a relationship rule's keys are looked up in: SQL for the other relation's rows. */
export type RelationSql = (to: { kind: 'source' | 'pipeline'; id: string }) => string;

/** The failing-row predicate of a row rule (see above for NULL, NaN and ''). Throws CompileError. */
export function failingPredicate(rule: RowRule, relation: RelationSql, now: string): string {
  const test = rawPredicate(rule, relation, now);
  return `coalesce(${test}, false)`;
}

function rawPredicate(rule: RowRule, relation: RelationSql, now: string): string {
  switch (rule.kind) {
    case 'not_null': {
      const c = column(rule.column);
      const also = [optionalBool(rule.emptyIsNull, 'emptyIsNull') ? `${asText(c)} = ''` : null, optionalBool(rule.nanIsNull, 'nanIsNull') ? isNaN(c) : null].filter(Boolean);
      return also.length === 0 ? `(${c} IS NULL)` : `(${c} IS NULL OR ${also.join(' OR ')})`;
    }
    case 'unique': {
      const c = column(rule.column);
      return `(${c} IS NOT NULL AND count(*) OVER (PARTITION BY ${c}) > 1)`;
    }
    case 'unique_combination': {
      const cs = columnList(rule.columns, 'Unique combination').map((name) => column(name));
      return `(${cs.map((c) => `${c} IS NOT NULL`).join(' AND ')} AND count(*) OVER (PARTITION BY ${cs.join(', ')}) > 1)`;
    }
    case 'accepted_values': {
      if (!Array.isArray(rule.values) || rule.values.length === 0) throw new CompileError('Accepted values needs at least one value.');
      if (rule.values.length > LIMITS.checkValues) throw new CompileError(`Accepted values has ${rule.values.length.toLocaleString('en-US')} values; the limit is ${LIMITS.checkValues.toLocaleString('en-US')}.`);
      const c = column(rule.column);
      return `(${c} IS NOT NULL AND (${c} NOT IN (${rule.values.map((v, i) => value(v, `values[${i}]`)).join(', ')}) OR ${isNaN(c)}))`;
    }
    case 'range': {
      const c = column(rule.column);
      const min = rule.min === undefined ? undefined : value(rule.min, 'min');
      const max = rule.max === undefined ? undefined : value(rule.max, 'max');
      const inRange = within(c, min, max, rule.minInclusive ?? true, rule.maxInclusive ?? true);
      return `(${c} IS NOT NULL AND (${isNaN(c)} OR NOT (${inRange})))`;
    }
    case 'regex': {
      if (typeof rule.pattern !== 'string' || rule.pattern === '') throw new CompileError('Matches regex needs a pattern.');
      const c = column(rule.column);
      return `(${c} IS NOT NULL AND NOT regexp_matches(${asText(c)}, ${str(rule.pattern)}))`;
    }
    case 'length': {
      const c = column(rule.column);
      const n = `length(${asText(c)})`;
      const inRange = within(n, rule.min === undefined ? undefined : bound(rule.min, 'min'), rule.max === undefined ? undefined : bound(rule.max, 'max'), true, true);
      return `(${c} IS NOT NULL AND NOT (${inRange}))`;
    }
    case 'castable': {
      const to = CAST_TARGETS.find((t) => t === rule.to);
      if (!to) throw new CompileError(`${JSON.stringify(rule.to)} is not a type to cast to (one of ${CAST_TARGETS.join(', ')}).`);
      const c = column(rule.column);
      const text = asText(c);
      let parses: string;
      if (to === 'number') {
        if (rule.format !== undefined) throw new CompileError('A format applies to dates and timestamps, not numbers.');
        parses = `isfinite(TRY_CAST(${text} AS DOUBLE))`;
      } else if (rule.format !== undefined) {
        if (typeof rule.format !== 'string' || rule.format === '') throw new CompileError('The format must be a strptime format, e.g. %d/%m/%Y.');
        parses = `try_strptime(${text}, ${str(rule.format)}) IS NOT NULL`;
      } else {
        parses = `TRY_CAST(${text} AS ${to === 'date' ? 'DATE' : 'TIMESTAMP'}) IS NOT NULL`;
      }
      const empty = optionalBool(rule.emptyIsNull, 'emptyIsNull') ? ` AND ${text} <> ''` : '';
      return `(${c} IS NOT NULL${empty} AND NOT coalesce(${parses}, false))`;
    }
    case 'not_in_future': {
      // Through text, so dates, naive timestamps (read as UTC), zoned timestamps and ISO text compare alike.
      const c = column(rule.column);
      return `(TRY_CAST(${asText(c)} AS TIMESTAMP) > ${nowSql(now)})`;
    }
    case 'expression': {
      const guard = checkExpression(rule.expression);
      if (!guard.ok) throw new CompileError(guard.reason);
      return `(NOT coalesce(CAST((${rule.expression}) AS BOOLEAN), true))`;
    }
    case 'relationship': {
      const columns = columnList(rule.columns, 'Relationship');
      const to = rule.to as { kind: unknown; id: unknown; columns: unknown } | undefined;
      if (!to || (to.kind !== 'source' && to.kind !== 'pipeline') || typeof to.id !== 'string') throw new CompileError('Relationship needs the source or pipeline its keys must exist in.');
      const keys = columnList(to.columns, 'Relationship target');
      if (keys.length !== columns.length) throw new CompileError(`The key has ${columns.length} column(s) here and ${keys.length} in "${to.id}".`);
      const present = columns.map((c) => `${column(c)} IS NOT NULL`).join(' AND ');
      const match = columns.map((c, i) => `${column(keys[i]!, OTHER_ALIAS)} = ${column(c)}`).join(' AND ');
      return `(${present} AND NOT EXISTS (SELECT 1 FROM ${relation({ kind: to.kind, id: to.id })} AS ${ident(OTHER_ALIAS)} WHERE ${match}))`;
    }
    default:
      throw new CompileError(`${JSON.stringify((rule as { kind: unknown }).kind)} is not a row rule kind.`);
  }
}

/** ISO 8601 in UTC, as `Date.prototype.toISOString` writes it. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** The moment "now" as a TIMESTAMP literal (UTC, naive), checked before it is quoted. */
export function nowSql(now: string): string {
  if (typeof now !== 'string' || !ISO_UTC.test(now)) throw new CompileError(`"now" must be an ISO 8601 UTC time such as 2025-01-31T12:00:00.000Z, not ${JSON.stringify(now)}.`);
  return `CAST(${str(now.replace('T', ' ').replace('Z', ''))} AS TIMESTAMP)`;
}
