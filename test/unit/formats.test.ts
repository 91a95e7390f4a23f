import { describe, expect, it } from 'vitest';
import { decideFormat, formatFromName } from '../../shared/formats.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('file formats', () => {
  it('maps extensions', () => {
    expect(formatFromName('a.TSV')).toBe('csv');
    expect(formatFromName('a.csv.gz')).toBe('csv');
    expect(formatFromName('a.jsonl')).toBe('ndjson');
    expect(formatFromName('a.feather')).toBe('arrow');
    expect(formatFromName('a.xlsx')).toBeUndefined();
  });

  it('trusts magic bytes over the extension', () => {
    expect(decideFormat('x.csv', bytes('PAR1....'), 100)).toEqual({ ok: true, format: 'parquet' });
    expect(decideFormat('x.bin', bytes('ARROW1\0\0'), 100)).toEqual({ ok: true, format: 'arrow' });
  });

  it('refuses empty and binary files with a reason', () => {
    expect(decideFormat('x.csv', new Uint8Array(), 0)).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) });
    expect(decideFormat('x.csv', new Uint8Array([1, 0, 2, 0, 3]), 5)).toMatchObject({ ok: false, reason: expect.stringMatching(/binary/) });
    expect(decideFormat('x.parquet', bytes('a,b\n1,2\n'), 8)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a Parquet/) });
  });

  it('tells JSON arrays from NDJSON', () => {
    expect(decideFormat('x.json', bytes('  [{"a":1}]'), 10)).toEqual({ ok: true, format: 'json' });
    expect(decideFormat('x.ndjson', bytes('{"a":1}\n{"a":2}'), 10)).toEqual({ ok: true, format: 'ndjson' });
    expect(decideFormat('x', bytes('{"a":1}\n'), 10)).toEqual({ ok: true, format: 'ndjson' });
    expect(decideFormat('x.txt', bytes('a;b\n1;2'), 10)).toEqual({ ok: true, format: 'csv' });
  });
});

describe('CSV structure scan', async () => {
  const { scanCsv, guessDelimiter } = await import('../../shared/csv-scan.ts');
  it('names the first ragged line', () => {
    expect(scanCsv('a,b,c\n1,2,3\n4,5\n', ',', '"', true)).toEqual({ kind: 'ragged', line: 3, fields: 2, expected: 3 });
    expect(scanCsv('a,b\n"x,\ny",2\n3,4\n', ',', '"', true)).toBeNull();
    expect(scanCsv('a,b\n1,2\n\n3,4\n', ',', '"', true)).toBeNull();
  });
  it('treats a quote inside an unquoted field as text, as DuckDB does', () => {
    expect(scanCsv('item,size\nTV,55" screen\nRadio,small\n', ',', '"', true)).toBeNull();
    expect(scanCsv('a,b\n"x ""y""",2\n', ',', '"', true)).toBeNull();
  });

  it('names the line of a quote that never closes', () => {
    expect(scanCsv('a,b\n1,2\n3,"oops\n4,5\n', ',', '"', true)).toEqual({ kind: 'unterminated-quote', line: 3 });
    expect(scanCsv('a,b\n1,2\n3,"oops\n4,5\n', ',', '"', false)).toBeNull();
  });
  it('guesses the delimiter of a header line', () => {
    expect(guessDelimiter('a;b;c')).toBe(';');
    expect(guessDelimiter('a\tb')).toBe('\t');
    expect(guessDelimiter('single')).toBeUndefined();
  });
});
