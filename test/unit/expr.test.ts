import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../shared/expr/parse.ts';
import { exprPandas } from '../../shared/expr/print-pandas.ts';
import { exprSql } from '../../shared/expr/print-sql.ts';
import { deriveSql } from '../../shared/pipeline/compile.ts';

const sql = (text: string) => {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return exprSql(parsed.value);
};
const pandas = (text: string, columns = ['age', 'id', 'name', 'joined']) => {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return exprPandas(parsed.value, { column: (n) => columns.find((c) => c.toLowerCase() === n.toLowerCase()) ?? null });
};

describe('expression grammar', () => {
  it.each([
    ['age + 1 * 2', '("age" + (1 * 2))'],
    ['(age + 1) * 2', '(("age" + 1) * 2)'],
    ['-7 // 2 % 3', '(((- 7) // 2) % 3)'],
    ["a || 'x' = b", '(("a" || \'x\') = "b")'],
    ['NOT a AND b OR c', '(((NOT "a") AND "b") OR "c")'],
    ['a != 1 AND b == 2 AND c <= 3', '((("a" <> 1) AND ("b" = 2)) AND ("c" <= 3))'],
    ['x IS NOT NULL', '("x" IS NOT NULL)'],
    ['"full ""name"""', '"full ""name"""'],
    ["CASE WHEN a > 1 THEN 'big' ELSE NULL END", '(CASE WHEN ("a" > 1) THEN \'big\' ELSE NULL END)'],
    ["date_part('MONTH', joined) + year(joined)", '(date_part(\'month\', "joined") + year("joined"))'],
    ["substring('it''s', 2)", "substr('it''s', 2)"],
    ['.5 + 1.', '(0.5 + 1.0)'],
  ])('%s → %s', (text, expected) => expect(sql(text)).toBe(expected));

  it.each([
    ['x::INTEGER', /unexpected/],
    ["strftime(joined, '%Y')", /strftime\(\) is not one of the functions/],
    ['current_date', /not a column/],
    ['round(1, 2, 3)', /takes 1 to 2 arguments, not 3/],
    ["date_part('century', joined)", /takes a part in quotes/],
    ['CASE a WHEN 1 THEN 2 END', /only CASE WHEN/],
    ['(a + 1', /expected "\)"/],
    ['0x10', /not a plain decimal number/],
    ["E'x'", /only plain/],
    ['a -- comment', /comments/],
  ])('%s is outside the grammar', (text, reason) => {
    const parsed = parseExpression(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });

  it('the compiler prints parsed expressions from the tree and keeps other text as written, parenthesized', () => {
    expect(deriveSql('Age+1')).toBe('("Age" + 1)');
    expect(deriveSql('age::DOUBLE')).toBe('(age::DOUBLE)');
  });
});

describe('pandas printer', () => {
  it('uses the helpers where Python and DuckDB differ', () => {
    expect(pandas('round(age / 7, 1) + id // 2 + id % 3')).toEqual({ ok: true, value: '((sql_round(sql_divide(df["age"], constant(7, df)), 1) + sql_integer_divide(df["id"], constant(2, df))) + sql_modulo(df["id"], constant(3, df)))' });
    expect(pandas("AGE > 3 AND name || 'x' = 'ax'")).toEqual({ ok: true, value: '((df["age"] > 3) & (sql_concat(df["name"], constant("x", df)) == "ax"))' });
    expect(pandas('1 + 2')).toEqual({ ok: true, value: '(constant(1, df) + 2)' });
  });

  it('refuses what it cannot print, saying why', () => {
    expect(pandas('missing + 1')).toEqual({ ok: false, error: 'there is no column "missing" at this step' });
    expect(pandas('round(age, id)')).toEqual({ ok: false, error: 'round() in pandas takes its number of digits as a whole number written in the expression' });
  });
});

describe('% by a value that may be zero (DuckDB: NaN for a DOUBLE, NULL for whole numbers and DECIMALs)', () => {
  const types: Record<string, string> = { n: 'BIGINT', m: 'INTEGER', d: 'DECIMAL(10,2)', x: 'DOUBLE', t: 'VARCHAR' };
  const typed = (text: string) => {
    const parsed = parseExpression(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return exprPandas(parsed.value, { column: (c) => (c in types ? c : null), type: (c) => types[c] ?? null });
  };
  it.each(['n % m', 'n % (m - m)', 'd % n', 'x % 3', 'x % 0.5', '(n * 2 + m) % (m // 2)'])('%s is printed', (text) => {
    expect(typed(text).ok).toBe(true);
  });
  it.each(['x % n', 'n % x', 'n % (m / 2)', 'n % t', 'x % 0', 'n % abs(m)'])('%s is refused, naming why', (text) => {
    const result = typed(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/divisor may be 0 with a DOUBLE \(or untyped\) side/);
  });
  it('without column types, only a non-zero number divisor is printed', () => {
    expect(pandas('age % 4').ok).toBe(true);
    expect(pandas('age % id').ok).toBe(false);
  });
});
