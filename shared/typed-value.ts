import type { ExactNumber, Scalar } from './pipeline/document.ts';
import { isExactNumericType, isFloatType, isNumericType } from './sql-types.ts';

/**
 * Values for a column of a given type, as pipeline scalars. A JSON number is a double, so numbers that
 * a double cannot hold exactly (integers beyond ±2^53, DECIMAL, HUGEINT and UBIGINT values) become
 * `{ decimal: "<exact text>" }`. Nothing here goes through `Number` unless the result is exact.
 */

export const EXACT_NUMBER = /^-?\d+(\.\d+)?$/;
const SCIENTIFIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Every decimal with at most this many significant digits survives a round trip through a double. */
const DOUBLE_DIGITS = 15;

export function isExactNumber(value: unknown): value is ExactNumber {
  return typeof value === 'object' && value !== null && typeof (value as { decimal?: unknown }).decimal === 'string' && EXACT_NUMBER.test((value as ExactNumber).decimal);
}

const significantDigits = (text: string): number => text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;

/**
 * Text typed in a form (or shown in a cell) as the value of a column of `type`: numbers for numeric
 * columns (exact decimal text where a double would change them), booleans for BOOLEAN, text otherwise
 * (DuckDB casts text to the column's type when it compares).
 */
export function parseTypedValue(text: string, type: string | undefined): Scalar {
  if (type === undefined) return text;
  const t = text.trim();
  if (type.trim().toUpperCase() === 'BOOLEAN' && /^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (!isNumericType(type) || t === '') return text;
  const plain = t.replace(/^\+/, '');
  if (EXACT_NUMBER.test(plain)) {
    if (isFloatType(type)) return Number(plain);
    if (isExactNumericType(type)) return { decimal: plain };
    const fits = plain.includes('.') ? significantDigits(plain) <= DOUBLE_DIGITS : Number.isSafeInteger(Number(plain));
    return fits ? Number(plain) : { decimal: plain };
  }
  if (SCIENTIFIC.test(t) && Number.isFinite(Number(t))) return Number(t);
  return text;
}

/**
 * A value as the engine gives it for a cell (Arrow: number, bigint, boolean, or display text for
 * wide numbers, dates and the rest) as a scalar for a column of `type`. Bigints stay exact.
 */
export function scalarFromValue(value: unknown, type: string): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const text = value.toString();
    return !isExactNumericType(type) && Number.isSafeInteger(Number(value)) ? Number(value) : { decimal: text };
  }
  // NaN and infinities have no numeric literal; DuckDB reads their text ('NaN', 'Infinity') as the value.
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  return parseTypedValue(String(value), type);
}

/** A scalar as the text a form field or a label shows ('' for null). */
export function scalarText(value: Scalar): string {
  if (value === null) return '';
  if (typeof value === 'object') return value.decimal;
  return String(value);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([+-]\d{2}(:?\d{2})?|Z)?$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const SPECIAL_FLOATS = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Why text typed for a column of `type` cannot be compared with it, or null when it can. DuckDB casts
 * a text literal to the column's type when a row is compared, so text that does not fit would fail
 * the whole query on the first row (a filter `latitude = abc`): forms refuse it up front instead.
 */
export function typedValueProblem(text: string, column: { name: string; type: string }): string | null {
  const t = text.trim();
  const type = column.type.trim().toUpperCase();
  const is = (what: string, example: string) => `"${text}" is not ${what}, and ${column.name} is ${column.type}${example ? ` (write it like ${example})` : ''}.`;
  if (isNumericType(type)) {
    if (t === '') return `Give a number: ${column.name} is ${column.type}.`;
    if (EXACT_NUMBER.test(t.replace(/^\+/, '')) || (SCIENTIFIC.test(t) && Number.isFinite(Number(t)))) return null;
    if (isFloatType(type) && SPECIAL_FLOATS.test(t)) return null;
    return is('a number', '');
  }
  if (type === 'BOOLEAN') return /^(true|false)$/i.test(t) ? null : is('true or false', '');
  if (type === 'DATE') return DATE.test(t) ? null : is('a date', '2024-01-31');
  if (type.startsWith('TIMESTAMP')) return TIMESTAMP.test(t) ? null : is('a timestamp', '2024-01-31 13:45:00');
  if (type === 'TIME') return TIME.test(t) ? null : is('a time', '13:45:00');
  return null;
}
