/**
 * DuckDB type names: the one rule for what a user-given type name may be (types cannot be quoted, so
 * they are checked instead), and the families of column types the app treats alike.
 */

/**
 * A plain type name: a word, optional words after it (`DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`),
 * optional precision and scale (`DECIMAL(18, 3)`), optional list brackets (`INTEGER[]`, `VARCHAR[][]`).
 * `pipeline.schema.json` (cast steps) uses the same pattern, with the same length limit; a unit test
 * keeps them equal.
 */
export const TYPE_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]*( [A-Za-z]+)*(\\s*\\(\\s*\\d+(\\s*,\\s*\\d+)?\\s*\\))?(\\[\\])*$';
export const TYPE_NAME_MAX_LENGTH = 64;
const TYPE_NAME = new RegExp(TYPE_NAME_PATTERN);

/** Whether `type` (trimmed) is a plain DuckDB type name. */
export function isTypeName(type: string): boolean {
  const t = type.trim();
  return t.length <= TYPE_NAME_MAX_LENGTH && TYPE_NAME.test(t);
}

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
const FLOAT = /^(FLOAT|REAL|DOUBLE)$/i;
const DECIMAL = /^(DECIMAL|NUMERIC)\b/i;
/** Integers whose values do not all fit a double exactly (BIGINT beyond ±2^53 is handled per value). */
const WIDE_INTEGER = /^(HUGEINT|UHUGEINT|UBIGINT)$/i;

export const isIntegerType = (type: string): boolean => INTEGER.test(type.trim());
export const isFloatType = (type: string): boolean => FLOAT.test(type.trim());
export const isDecimalType = (type: string): boolean => DECIMAL.test(type.trim());
export const isNumericType = (type: string): boolean => isIntegerType(type) || isFloatType(type) || isDecimalType(type);

/** Types whose values are kept as exact decimal text (`{ decimal }`) whatever their size: DECIMAL, HUGEINT, UHUGEINT, UBIGINT. */
export const isExactNumericType = (type: string): boolean => isDecimalType(type) || WIDE_INTEGER.test(type.trim());
