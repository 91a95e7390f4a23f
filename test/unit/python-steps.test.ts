import { describe, expect, it } from 'vitest';
import { emptyDocument, type Step, type StepDraft } from '../../shared/pipeline/document.ts';
import { stepPandas, type Column } from '../../shared/scripts/python-steps.ts';

/**
 * The pandas export's refusals for the variants of a step kind it cannot translate with DuckDB's meaning
 * (the kind itself is translated: `scripts-differential.test.ts` runs it): each names what and why.
 */

const INPUT: Column[] = [
  { name: 'id', type: 'INTEGER' },
  { name: 'price', type: 'DECIMAL(18,3)' },
  { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
  { name: 'name', type: 'VARCHAR' },
  { name: 'tags', type: 'VARCHAR[]' },
  { name: 'day', type: 'DATE' },
];

/** The input with the columns a step adds. */
const plus = (...names: string[]): Column[] => [...INPUT, ...names.map((name) => ({ name, type: 'VARCHAR' }))];

function pandas(draft: StepDraft, output: Column[] = INPUT) {
  return stepPandas({ ...draft, id: 's', enabled: true } as Step, { doc: emptyDocument(), input: INPUT, output }, () => 'other');
}

describe('pandas export refusals, one variant at a time', () => {
  it.each<[string, StepDraft, Column[] | undefined, RegExp]>([
    ['cast to FLOAT', { kind: 'cast', column: 'id', to: 'FLOAT' }, INPUT.map((c) => (c.name === 'id' ? { ...c, type: 'FLOAT' } : c)), /FLOAT holds single-precision values/],
    ['cast from DECIMAL', { kind: 'cast', column: 'price', to: 'INTEGER' }, INPUT.map((c) => (c.name === 'price' ? { ...c, type: 'INTEGER' } : c)), /the pandas script holds DECIMAL values as doubles/],
    ['cast to a list', { kind: 'cast', column: 'name', to: 'VARCHAR[]' }, INPUT.map((c) => (c.name === 'name' ? { ...c, type: 'VARCHAR[]' } : c)), /no exact form of VARCHAR\[\] values/],
    ['split of a list column', { kind: 'split', column: 'tags', delimiter: ',', into: ['a'] }, plus('a'), /the text of a VARCHAR\[\] column as DuckDB writes it is not reproduced/],
    ['extract with a lookahead', { kind: 'extract', column: 'name', pattern: 'a(?=b)', group: 0, into: 'x' }, plus('x'), /its regular expression uses a lookaround/],
    ['extract with a flag group after the start', { kind: 'extract', column: 'name', pattern: 'a(?i)b', group: 0, into: 'x' }, plus('x'), /the flag group \(\?i\) after the start of the pattern/],
    ['regex filter with a Unicode class', { kind: 'filter', condition: { kind: 'text', column: 'name', op: 'regex', value: '\\pL' } }, undefined, /\\p \(Unicode character classes\)/],
    ['parse_date with %f', { kind: 'parse_date', column: 'name', format: '%H:%M:%S.%f' }, undefined, /its date format uses %f/],
    ['date_trunc of a time-zone timestamp', { kind: 'date_trunc', column: 'at', unit: 'day' }, undefined, /date_trunc of a TIMESTAMP WITH TIME ZONE column is not translated/],
    ['pivot on a DATE column', { kind: 'pivot', on: 'day', value: 'id', fn: 'sum', groupBy: ['name'], values: ['2024-01-01'] }, [{ name: 'name', type: 'VARCHAR' }, { name: '2024-01-01', type: 'HUGEINT' }], /a pivot on a DATE column: DuckDB matches its values as text/],
    ['unpivot of a DATE into text', { kind: 'unpivot', columns: ['day', 'name'], nameColumn: 'k', valueColumn: 'v' }, [{ name: 'k', type: 'VARCHAR' }, { name: 'v', type: 'VARCHAR' }], /an unpivot of DATE column "day" into VARCHAR values/],
  ])('%s', (_, draft, output, why) => {
    const result = pandas(draft, output);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(why);
  });

  it('translates the variants it reproduces', () => {
    expect(pandas({ kind: 'cast', column: 'name', to: 'BIGINT' }, INPUT.map((c) => (c.name === 'name' ? { ...c, type: 'BIGINT' } : c)))).toEqual({ ok: true, value: { others: [], body: ['df = df.copy()', 'df["name"] = try_cast(df["name"], "VARCHAR", "BIGINT")', 'return df'] } });
    expect(pandas({ kind: 'extract', column: 'NAME', pattern: '(\\d+)$', group: 1, into: 'n' }, plus('n'))).toEqual({ ok: true, value: { others: [], body: ['df = df.copy()', 'df["n"] = regexp_extract(df["name"], "([0-9]+)\\\\Z", 1)', 'return df'] } });
    expect(pandas({ kind: 'split', column: 'day', delimiter: '-', into: ['y'] }, plus('y')).ok).toBe(true);
    // A new column named like an earlier one is DuckDB's name_1, so the step's name is not used.
    expect(pandas({ kind: 'extract', column: 'name', pattern: 'a', group: 0, into: 'NAME' }, plus('NAME_1'))).toMatchObject({ ok: true, value: { body: ['df = df.copy()', 'df["NAME_1"] = regexp_extract(df["name"], "a", 0)', 'return df'] } });
  });
});
