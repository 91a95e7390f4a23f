import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonRegex } from '../../shared/scripts/python-regex.ts';
import { str } from '../../shared/sql/quote.ts';
import { openNative, type NativeDb } from '../support/native.ts';
import { withRuntime } from '../support/python-runtime.ts';

/**
 * RE2 (DuckDB) patterns in Python's `re` dialect: what is kept, what is rewritten, what is refused and
 * why; and the rewritten patterns find the same matches as DuckDB on texts chosen where the dialects differ.
 */

describe('RE2 to Python re', () => {
  it.each([
    ['([a-z])-([a-z])', '([a-z])-([a-z])'],
    ['\\d+', '[0-9]+'],
    ['\\w\\W\\s\\S\\D', '[0-9A-Za-z_][^0-9A-Za-z_][\\t\\n\\f\\r ][^\\t\\n\\f\\r ][^0-9]'],
    ['[\\d.]+', '[0-9.]+'],
    ['end$', 'end\\Z'],
    ['(?m)^a$', '(?m)^a$'],
    ['\\Aa\\z', '\\Aa\\Z'],
    ['(?P<year>\\d{4})', '(?P<year>[0-9]{4})'],
    ['(?P<x>a)(?i:b)', '(?P<x>a)(?i:b)'],
    ['\\x41\\x{1F600}', '\\x41\\U0001F600'],
    ['[[]', '[\\[]'],
    ['a\\.b\\$', 'a\\.b\\$'],
  ])('%s becomes %s', (re2, python) => {
    expect(pythonRegex(re2)).toEqual({ ok: true, value: python });
  });

  it.each([
    ['\\pL+', /\\p \(Unicode character classes\)/],
    ['\\p{Greek}', /\\p \(Unicode character classes\)/],
    ['a\\C', /\\C \(any byte\)/],
    ['(a)\\1', /\\1, a back-reference or octal escape/],
    ['a\\Z', /\\Z, which RE2 does not have/],
    ['x(?i)a', /the flag group \(\?i\) after the start of the pattern/],
    ['(?U)a+', /the flags \(\?U/],
    ['a(?=b)', /a lookaround/],
    ['(?>a)', /an atomic group/],
    ['a*+', /the possessive repetition \*\+/],
    ['a{,3}', /the repetition \{,n\}/],
    ['[[:alpha:]]', /a POSIX class/],
    ['[\\S]', /\\S inside brackets/],
    ['\\Qa.b\\E', /\\Q…\\E quoting/],
    ['(?m:a$)', /the scoped multi-line flag/],
    ['(?<year>a)', /a named group \(\?<name>…\), which DuckDB's RE2 rejects/],
  ])('%s is refused', (re2, why) => {
    const result = pythonRegex(re2);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(why);
  });
});

describe('rewritten patterns match as DuckDB does', () => {
  let native: NativeDb;
  beforeAll(async () => {
    native = await openNative();
  });
  afterAll(() => native?.close());

  const CASES: [pattern: string, texts: string[]][] = [
    ['\\d+', ['a٣4', '١٢', 'x12y']],
    ['\\w+', ['été', 'naïve_1', 'ß']],
    ['\\s', ['a\u000bb', 'a\u00a0b', 'a\tb']],
    ['\\bcat\\b', ['écat', 'a cat', 'cats', 'écaté']],
    ['\\Bat', ['cat', 'at']],
    ['b$', ['ab\n', 'ab']],
    ['(?m)^b$', ['a\nb\nc', 'b']],
    ['(?i)straße', ['STRASSE', 'Straße', 'STRAẞE']],
    ['(?s)a.b', ['a\nb']],
    ['a.b', ['a\nb', 'aéb']],
    ['(?P<y>\\d{4})-(\\d\\d)', ['on 2024-01-05']],
    ['x*', ['', 'axx']],
    ['(a|ab)(c|bcd)', ['abcd']],
    ['[^\\d]+', ['12ab٣']],
  ];

  it.each(CASES)('%s', async (pattern, texts) => {
    const translated = pythonRegex(pattern);
    if (!translated.ok) throw new Error(translated.error);
    const duckdb = await Promise.all(texts.map(async (t) => String((await native.rows(`SELECT regexp_extract(${str(t)}, ${str(pattern)}, 0)`))[0]![0])));
    const python = withRuntime<string[]>('result = [(re.search(data["pattern"], t) or [""])[0] for t in data["texts"]]', { pattern: translated.value, texts });
    expect(python).toEqual(duckdb);
  });
});

describe('patterns RE2 refuses to compile are refused, never run', () => {
  it.each([
    ['(', /an unclosed "\("/],
    ['a)', /a "\)" without its "\("/],
    ['*a', /a repetition "\*" of nothing/],
    ['a**', /a repetition "\*" of nothing/],
    ['(|+)', /a repetition "\+" of nothing/],
  ])('%s', (pattern, reason) => {
    const result = pythonRegex(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it.each(['a*?b', '(?:ab)+c', '[(]x', '\\(a', 'a|b*', '(a)(b)?'])('%s still translates', (pattern) => {
    expect(pythonRegex(pattern).ok).toBe(true);
  });
});
