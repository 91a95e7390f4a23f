import { describe, expect, it } from 'vitest';
import { describeKindConflict, JsonRowsScanner } from '../../shared/json-rows.ts';

const scan = (mode: 'array' | 'lines', ...chunks: string[]) => {
  const s = new JsonRowsScanner(mode);
  for (const c of chunks) if (!s.feed(c)) break;
  s.finish();
  return s;
};

describe('JSON rows scan', () => {
  it('keeps the keys in the order they first appear, across chunks and rows', () => {
    // The order movies.json has: alphabetical would start with "Creative Type".
    const s = scan('array', '[{"Title": "A", "US Gross": 1, "Crea', 'tive Type": null, "2": 5, "esc\\"aped": {"z": 1}},\n', '{"Title": "B", "Director": "x"}]');
    expect(s.keys).toEqual(['Title', 'US Gross', 'Creative Type', '2', 'esc"aped', 'Director']);
    expect(s.rows).toBe(2);
    expect(s.problem).toBeNull();
    expect(scan('lines', '{"b":1,"a":2}\n{"c":1,"b":2,"0":1}\n').keys).toEqual(['b', 'a', 'c', '0']);
  });

  it('names the row where a numeric field first holds text', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ n: i === 24_999 ? 'oops' : i, s: 'x' }));
    const s = scan('array', `[${rows.join(',\n')}]`);
    expect(s.conflict).toEqual({ key: 'n', row: 25_000, line: 25_000, first: 'number', found: 'text' });
    expect(describeKindConflict(s.conflict!, 'row')).toBe('field "n" holds text at row 25,000, where earlier rows hold numbers; Sluice reads a JSON field with one kind of value.');
    expect(scan('lines', '{"n":1}\n{"n":null}\n{"n":2.5}\n').conflict).toBeNull();
  });

  it('says which shapes are supported for a top-level object or scalar', () => {
    expect(scan('array', '{"a": 1, "b": 2}').problem?.message).toMatch(/^the file holds a single JSON object, not rows\. Sluice reads a JSON array of objects/);
    expect(scan('array', '42').problem?.message).toMatch(/^the file holds a single JSON value, not rows/);
    expect(scan('array', '"text"').problem?.message).toMatch(/^the file holds a single JSON value, not rows/);
    expect(scan('array', '[{"a":1},\n 7]').problem).toEqual({ line: 2, message: expect.stringMatching(/^row 2 is a single value, not an object/) as unknown as string });
  });

  it('refuses nesting deeper than the engine reads, naming the line', () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect(scan('lines', '{"a":1}\n', deep + '\n').problem).toEqual({ line: 2, message: 'values are nested more than 1,000 levels deep, more than Sluice can read.' });
  });
});
