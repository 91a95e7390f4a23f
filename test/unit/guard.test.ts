import { describe, expect, it } from 'vitest';
import { lex, significant } from '../../shared/sql/lexer.ts';
import { checkExpression, checkQuery, leadingKeyword, splitStatements, stripTrailingSemicolon } from '../../shared/sql/guard.ts';

const kinds = (sql: string) => {
  const result = lex(sql);
  if (!result.ok) throw new Error(result.reason);
  return significant(result.tokens).map((t) => `${t.kind}:${t.value}`);
};

describe('lexer', () => {
  it('reads every DuckDB string form as one token', () => {
    expect(kinds("'it''s; )'")).toEqual(["string:'it''s; )'"]);
    expect(kinds("E'it\\'s; )'")).toEqual(["string:E'it\\'s; )'"]);
    expect(kinds("e'\\\\'")).toEqual(["string:e'\\\\'"]);
    expect(kinds("$$it's; )$$")).toEqual(["string:$$it's; )$$"]);
    expect(kinds("$a$ $$ ' ; $a$")).toEqual(["string:$a$ $$ ' ; $a$"]);
    expect(kinds("X'00'")).toEqual(["string:X'00'"]);
  });

  it('reads quoted names with their quotes undone', () => {
    expect(kinds('"a""b; )"')).toEqual(['quoted-name:a"b; )']);
  });

  it('reads nested block comments and line comments', () => {
    const result = lex('1 /* a /* b */ ; */ + 2 -- ) ;\n;');
    expect(result.ok && significant(result.tokens).map((t) => t.kind)).toEqual(['number', 'operator', 'number', 'semicolon']);
  });

  it('keeps a non-ASCII character in a name, as DuckDB does', () => {
    // U+00A0 is part of a name for DuckDB, so the E that follows is not an escape-string prefix.
    expect(kinds("a\u00a0E'\\'")).toEqual(['word:a\u00a0E', "string:'\\'"]);
    expect(kinds("xe'\\'")).toEqual(['word:xe', "string:'\\'"]);
    expect(kinds("xe'\\'")).toEqual(['word:xe', "string:'\\'"]);
  });

  it('tells parameters from dollar quotes', () => {
    expect(kinds('$1 + $2')).toEqual(['parameter:$1', 'operator:+', 'parameter:$2']);
  });

  it('refuses unterminated forms with their position', () => {
    for (const [sql, at] of [["1 + 'abc", 4], ['$$abc', 0], ['/* /* */', 0], ['"abc', 0], ["E'\\'", 0]] as const) {
      const result = lex(sql);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.at).toBe(at);
    }
  });
});

describe('guard', () => {
  it('accepts ordinary expressions and queries', () => {
    for (const e of ['age + 1', "name || ' (' || state || ')'", "CASE WHEN age > 40 THEN 'old' ELSE 'young' END", "$$it's$$", '"with space" * 2', 'coalesce(a, b)']) {
      expect(checkExpression(e)).toEqual({ ok: true });
    }
    for (const q of ['SELECT * FROM input', 'select 1;', 'WITH x AS (SELECT 1) SELECT * FROM x', 'FROM input', '(SELECT 1)', 'SELECT 1 -- trailing\n']) {
      expect(checkQuery(q)).toEqual({ ok: true });
    }
  });

  it('refuses the statement that ran when a project was opened (issue 8)', () => {
    const result = checkExpression("$$'$$) AS y FROM (SELECT 1); CREATE TABLE pwned AS SELECT 7 AS v; -- '$$");
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toMatch(/single statement|comment|\)/);
  });

  it('says why, in a sentence, with where', () => {
    expect(checkExpression('1); DROP TABLE t')).toEqual({ ok: false, reason: 'The expression has a ")" without its "(" (at character 2).' });
    expect(checkExpression('a; b')).toEqual({ ok: false, reason: 'An expression must be a single statement: remove the ";" (at character 2).' });
    expect(checkQuery('DROP TABLE people')).toEqual({ ok: false, reason: 'A custom SQL step must be a query that returns rows (SELECT, WITH, FROM or VALUES), not "DROP".' });
    expect(checkQuery('SELECT * FROM __sluice_step_1')).toMatchObject({ ok: false, reason: expect.stringContaining('belong to Sluice') as string });
    expect(checkExpression('')).toEqual({ ok: false, reason: 'The expression is empty.' });
  });

  it('strips only the trailing semicolons and comments of a query', () => {
    expect(stripTrailingSemicolon("SELECT ';' ; ;  -- done\n")).toBe("SELECT ';'");
    expect(stripTrailingSemicolon('SELECT $$;$$')).toBe('SELECT $$;$$');
  });
});

describe('console statements', () => {
  it('splits at the semicolons that end statements', () => {
    const script = "CREATE TABLE t AS SELECT ';' AS a; -- c;\nINSERT INTO t VALUES ($$;$$);\n\nSELECT * FROM t;";
    const split = splitStatements(script);
    expect(split.ok && split.statements.map((s) => s.text)).toEqual(["CREATE TABLE t AS SELECT ';' AS a", 'INSERT INTO t VALUES ($$;$$)', 'SELECT * FROM t']);
    if (split.ok) for (const s of split.statements) expect(script.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });

  it('knows the first word of a statement', () => {
    expect(leadingKeyword('/* c */ (SELECT 1)')).toBe('select');
    expect(leadingKeyword('-- x\nDROP TABLE t')).toBe('drop');
  });
});
