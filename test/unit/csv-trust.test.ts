import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedReadSql, MISFIT_ERROR, resolveCsvRead, resolveCsvReadWholeFile } from '../../shared/csv-read.ts';
import { dialectFromSniffRow, readCsvResolvedSql, readCsvSql, SNIFF_SELECT, type SniffedDialect } from '../../shared/csv-options.ts';
import { keepRejectsSql, rejectsArgs, skippedNote, skippedRows } from '../../shared/csv-rejects.ts';
import { firstMisfitSql, inexactColumns, inexactDoubleSql, sniffWholeFile, widenedColumns, widenedNote, type RowsFn } from '../../shared/csv-type-check.ts';
import { parseDuckDbError } from '../../shared/engine-errors.ts';
import type { Result } from '../../shared/result.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

/** A CSV load must never change a value silently: types are checked against the whole file, skipped rows are counted. */

let engine: TestEngine;
const dir = mkdtempSync(join(tmpdir(), 'sluice-trust-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const rows: RowsFn = async (sql): Promise<Result<unknown[][]>> => {
  try {
    return { ok: true, value: engine.rows(sql) };
  } catch (e) {
    return { ok: false, error: parseDuckDbError(e instanceof Error ? e.message : String(e), sql) };
  }
};
/** The app's first sniff: the first 4,096 rows. */
const quickSniff = (path: string): SniffedDialect => dialectFromSniffRow(engine.rows(`SELECT ${SNIFF_SELECT} FROM sniff_csv('${path}', sample_size=4096)`)[0]!);
const numbers = (late: (i: number) => string | null) => ['id,x,name', ...Array.from({ length: 100_000 }, (_, i) => `${i + 1},${late(i + 1) ?? i + 1},n${i + 1}`)].join('\n') + '\n';

beforeAll(async () => {
  engine = await startEngine();
});
afterAll(() => engine.close());

describe('column types checked against the whole file', () => {
  it('widens a column of whole numbers with 3.75 at row 50,000 to DOUBLE, and says where', async () => {
    const path = file('late-decimal.csv', numbers((i) => (i === 50_000 ? '3.75' : null)));
    // DuckDB's default read rounds the value silently: this is what must not happen.
    expect(engine.rows(`SELECT x FROM ${readCsvSql(path, {})} WHERE id = 50000`)[0]?.[0]).toBe(4n);

    const sampled = quickSniff(path);
    expect(sampled.columns.find((c) => c.name === 'x')?.type).toBe('BIGINT');
    const whole = await sniffWholeFile(rows, path, {}, sampled);
    if (!whole.ok || !whole.value) throw new Error('the whole-file sniff failed');
    const widened = widenedColumns(sampled, whole.value);
    expect(widened).toEqual([{ column: 'x', from: 'BIGINT', to: 'DOUBLE' }]);

    engine.run(`CREATE OR REPLACE TABLE late AS SELECT * FROM ${readCsvResolvedSql(path, {}, whole.value)}`);
    const expectedSum = (100_000 * 100_001) / 2 - 50_000 + 3.75;
    expect(engine.rows('SELECT sum(x) FROM late')[0]?.[0]).toBe(expectedSum);
    expect(inexactColumns(widened, engine.rows(inexactDoubleSql('late', widened)!)[0]!)).toEqual([]);
    const [row, value] = engine.rows(firstMisfitSql('late', widened[0]!, true))[0]!;
    expect(widenedNote(widened[0]!, { row: Number(row), value: String(value) })).toBe(
      'Column "x" was widened from BIGINT to DOUBLE after checking the whole file: row 50,000 holds "3.75", which is not a BIGINT.',
    );
  });

  it('widens a late text value to VARCHAR instead of failing with DuckDB\'s hint', async () => {
    const path = file('late-text.csv', numbers((i) => (i === 60_000 ? 'n/a' : null)));
    const sampled = quickSniff(path);
    const whole = await sniffWholeFile(rows, path, {}, sampled);
    if (!whole.ok || !whole.value) throw new Error('the whole-file sniff failed');
    expect(widenedColumns(sampled, whole.value)).toEqual([{ column: 'x', from: 'BIGINT', to: 'VARCHAR' }]);
    const values = engine.rows(`SELECT x FROM ${readCsvResolvedSql(path, {}, whole.value)} WHERE id IN (59999, 60000) ORDER BY id`);
    expect(values).toEqual([['59999'], ['n/a']]);
  });

  it('reads as text a widened column whose whole numbers a DOUBLE cannot hold exactly', async () => {
    const big = 9007199254740993n; // 2^53 + 1
    const path = file('late-big.csv', numbers((i) => (i === 10 ? String(big) : i === 70_000 ? '0.5' : null)));
    const sampled = quickSniff(path);
    const whole = await sniffWholeFile(rows, path, {}, sampled);
    if (!whole.ok || !whole.value) throw new Error('the whole-file sniff failed');
    const widened = widenedColumns(sampled, whole.value);
    engine.run(`CREATE OR REPLACE TABLE late_big AS SELECT * FROM ${readCsvResolvedSql(path, {}, whole.value)}`);
    expect(inexactColumns(widened, engine.rows(inexactDoubleSql('late_big', widened)!)[0]!)).toEqual(['x']);
  });

  it('names file line and column when a type the user set does not fit, and offers the fixes', () => {
    const path = file('typed.csv', numbers((i) => (i === 50_000 ? 'abc' : null)));
    const raw = engine.error(`SELECT sum(x) FROM ${readCsvSql(path, { columnTypes: { x: 'BIGINT' } })}`);
    expect(raw.length).toBeGreaterThan(600);
    const error = parseDuckDbError(raw);
    expect(error).toMatchObject({ kind: 'csv-conversion', line: 50_001, column: 'x', message: 'column "x": "abc" cannot be read as BIGINT.' });
    expect(error.fixes).toEqual(['text-column|x', 'all-text', 'skip-bad-rows']);
    expect(engine.rows(`SELECT x FROM ${readCsvSql(path, { columnTypes: { x: 'VARCHAR' } })} WHERE id = 50000`)).toEqual([['abc']]);
  });
});

describe('the guarded read: one read checks every value against the first rows\' types', () => {
  it('reads a file whose values all fit exactly as the typed read does, and counts its rows without a whole-file sniff', async () => {
    const path = file('clean.csv', numbers(() => null));
    const sampled = quickSniff(path);
    const typed = engine.rows(`SELECT sum(x), min(name), count(*) FROM ${readCsvResolvedSql(path, {}, sampled)}`);
    expect(engine.rows(`SELECT sum(x), min(name), count(*) FROM ${guardedReadSql(path, {}, sampled)}`)).toEqual(typed);
    const sql: string[] = [];
    const read = await resolveCsvRead(async (q) => (sql.push(q), rows(q)), path, {}, sampled);
    expect(read).toMatchObject({ ok: true, value: { dialect: sampled, widened: [], rowCount: 100_000 } });
    expect(sql.some((q) => q.includes('sample_size=-1'))).toBe(false);
  });

  it.each([
    ['3.75', 'a fraction DuckDB would round', ['x']],
    ['1e3', 'an exponent', ['x']],
    ['1_000', 'an underscore', ['x']],
    ['0x10', 'hex (the whole-file sniff keeps BIGINT)', []],
    ['99999999999999999999', 'a number beyond BIGINT', ['x']],
  ])('fails on %s late in a column of whole numbers (%s); the whole file then decides the types', async (late, _why, widened) => {
    const path = file(`late-${late}.csv`, numbers((i) => (i === 80_000 ? late : null)));
    const sampled = quickSniff(path);
    expect(engine.error(`SELECT count(x) FROM ${guardedReadSql(path, {}, sampled)}`)).toMatch(new RegExp(`${MISFIT_ERROR}: column x is BIGINT|Could not convert string '${late}' to INT64`));
    const read = await resolveCsvRead(rows, path, {}, sampled);
    if (!read.ok) throw new Error(read.error.message);
    const whole = await resolveCsvReadWholeFile(rows, path, {}, sampled);
    expect(read).toEqual(whole);
    expect(read.value.widened.map((w) => w.column)).toEqual(widened);
  });

  it('keeps whole numbers with signs and spaces, and NULLs, as the typed read does', () => {
    const path = file('signed.csv', ['id,x', ...Array.from({ length: 6000 }, (_, i) => `${i},${i === 5000 ? ' 10 ' : i === 5001 ? '+8' : i === 5002 ? '-9' : i === 5003 ? '' : i}`)].join('\n'));
    const sampled = quickSniff(path);
    expect(sampled.columns[1]?.type).toBe('BIGINT');
    const query = (from: string) => engine.rows(`SELECT id, x FROM ${from} WHERE id BETWEEN 4999 AND 5004 ORDER BY id`);
    expect(query(guardedReadSql(path, {}, sampled))).toEqual(query(readCsvResolvedSql(path, {}, sampled)));
    expect(query(guardedReadSql(path, {}, sampled)).map((r) => r[1])).toEqual([4999n, 10n, 8n, -9n, null, 5004n]);
  });

  it('fails on a late value that does not fit a typed column other than whole numbers (the reader itself fails)', () => {
    const path = file('late-date.csv', ['d,x', ...Array.from({ length: 20_000 }, (_, i) => (i === 15_000 ? 'soon,1' : `2024-01-${String((i % 28) + 1).padStart(2, '0')},1`))].join('\n'));
    const sampled = quickSniff(path);
    expect(sampled.columns[0]?.type).toBe('DATE');
    expect(engine.error(`SELECT count(d) FROM ${guardedReadSql(path, {}, sampled)}`)).toMatch(/soon/);
  });
});

describe('errors that read as sentences', () => {
  it('says a line is longer than the limit, in a short message, and the offered limit reads it', () => {
    const path = file('long-line.csv', `a,b\n1,${'x'.repeat(3_000_000)}\n`);
    const error = parseDuckDbError(engine.error(`SELECT count(*) FROM ${readCsvSql(path, {})}`));
    expect(error.message).toBe('the line is 3,000,003 bytes long, longer than the limit of 2,000,000 bytes.');
    expect(error.fixes).toEqual(['max-line-size|4194304']);
    expect(engine.rows(`SELECT length(b) FROM ${readCsvSql(path, { maxLineSize: 4194304 })}`)).toEqual([[3_000_000n]]);
  });

  it('never repeats a long offending line', () => {
    const path = file('ragged-long.csv', `a,b\n1,2\n${'y'.repeat(5000)},2,3\n`);
    const error = parseDuckDbError(engine.error(`SELECT * FROM read_csv('${path}', auto_detect=false, delim=',', header=true, columns={'a':'VARCHAR','b':'BIGINT'})`));
    expect(error.message).toBe('row has 3 fields where the header has 2.');
    expect(error.line).toBe(3);
  });
});

describe('skipped rows', () => {
  it('counts the rows "Skip bad rows" dropped and names their lines', async () => {
    const lines = ['a,b,c', ...Array.from({ length: 300 }, (_, i) => (i === 150 ? '1,2,3,4' : i === 200 ? 'x,2,3' : i === 250 ? '7' : `${i},${i * 2},${i * 3}`))];
    const path = file('bad-rows.csv', lines.join('\n') + '\n');
    const columns = ['a', 'b', 'c'].map((name) => ({ name, type: 'BIGINT' }));
    const dialect: SniffedDialect = { delimiter: ',', quote: '"', escape: '"', header: true, newLine: '', skip: 0, dateFormat: null, timestampFormat: null, columns };
    const read = readCsvResolvedSql(path, { ignoreErrors: true }, dialect, undefined, rejectsArgs('kept_rejects'));
    engine.run(`CREATE OR REPLACE TABLE good AS SELECT * FROM ${read}; ${keepRejectsSql('kept_rejects')}`);
    expect(engine.rows('SELECT count(*) FROM good')[0]?.[0]).toBe(297n);
    const skipped = await skippedRows(rows, 'kept_rejects');
    expect(skipped).toEqual({ ok: true, value: { count: 3, lines: [152, 202, 252] } });
    if (skipped.ok) expect(skippedNote(skipped.value)).toBe('Skipped 3 bad rows (lines 152, 202, 252).');
    expect(skippedNote({ count: 25, lines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })).toBe('Skipped 25 bad rows (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 15 more).');
  });
});
