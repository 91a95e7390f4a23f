import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOptionsProblem, readCsvSql } from '../../shared/csv-options.ts';
import { scanCsv } from '../../shared/csv-scan.ts';
import { parseDuckDbError } from '../../shared/engine-errors.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

let engine: TestEngine;
const dir = mkdtempSync(join(tmpdir(), 'sluice-csv-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(async () => {
  engine = await startEngine();
});
afterAll(() => engine.close());

describe('read_csv with Sluice options', () => {
  it('reads with the sniffer by default', () => {
    const path = file('basic.csv', 'id,name\n1,Ada\n2,Grace\n');
    expect(engine.objects(`SELECT * FROM ${readCsvSql(path, {})}`)).toEqual([
      { id: 1n, name: 'Ada' },
      { id: 2n, name: 'Grace' },
    ]);
  });

  it('reports a bad row in a large file with its line, and the offered fixes work', () => {
    const lines = ['a,b,c', ...Array.from({ length: 3000 }, (_, i) => (i === 2500 ? '1,2,3,4' : `${i},${i * 2},${i * 3}`))];
    const path = file('ragged.csv', lines.join('\n') + '\n');
    // DuckDB's sniffer gives up without a line; the structure scan names it.
    expect(engine.error(`SELECT count(*) FROM ${readCsvSql(path, { delimiter: ',' })}`)).toMatch(/not possible to automatically detect/);
    expect(scanCsv(readFileSync(path, 'utf8'), ',', '"', true)).toEqual({ kind: 'ragged', line: 2502, fields: 4, expected: 3 });
    expect(engine.rows(`SELECT count(*) FROM ${readCsvSql(path, { delimiter: ',', ignoreErrors: true })}`)[0]?.[0]).toBe(2999n);
  });

  it('reads Latin-1 when told to', () => {
    const path = file('latin1.csv', Buffer.from('name,city\nJos\xe9,M\xfcnchen\n', 'latin1'));
    expect(engine.error(`SELECT * FROM ${readCsvSql(path, {})}`)).toMatch(/not utf-8/i);
    expect(engine.objects(`SELECT * FROM ${readCsvSql(path, { encoding: 'latin-1' })}`)).toEqual([{ name: 'José', city: 'München' }]);
  });

  it('applies delimiter, header, skip, null strings, types and formats', () => {
    const path = file('custom.txt', 'junk line\nx|when|v\n1|05/02/2024|NA\n2|06/02/2024|7\n');
    const rows = engine.objects(
      `SELECT * FROM ${readCsvSql(path, { delimiter: '|', header: true, skip: 1, nullStrings: ['NA'], dateFormat: '%d/%m/%Y', columnTypes: { x: 'VARCHAR', v: 'DOUBLE' } })}`,
    );
    expect(rows.map((r) => [r.x, r.v])).toEqual([
      ['1', null],
      ['2', 7],
    ]);
    const types = engine.rows(`SELECT column_type FROM (DESCRIBE SELECT * FROM ${readCsvSql(path, { delimiter: '|', skip: 1, dateFormat: '%d/%m/%Y' })})`);
    expect(types.map((t) => t[0])).toContain('DATE');
  });

  it('keeps odd column names usable', () => {
    const path = file('names.csv', 'select,"a ""q"" b",,dup,dup,Ünï $x\n1,2,3,4,5,6\n');
    const names = engine.rows(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${readCsvSql(path, {})})`).map((r) => r[0]);
    expect(names).toHaveLength(6);
    expect(new Set(names).size).toBe(6);
    expect(names).toContain('select');
    expect(names).toContain('a "q" b');
  });

  it('quotes hostile option values', () => {
    const path = file('semi.csv', 'a,b\n1,2\n');
    expect(engine.rows(`SELECT count(*) FROM ${readCsvSql(path, { delimiter: ',', nullStrings: ["'); DROP TABLE x; --"] })}`)[0]?.[0]).toBe(1n);
    expect(csvOptionsProblem({ columnTypes: { a: 'INT); DROP TABLE x; --' } })).toMatch(/not a type name/);
    expect(csvOptionsProblem({ delimiter: '' })).toMatch(/Delimiter/);
  });
});

describe('DuckDB error text', () => {
  it('finds the position of a syntax error in the SQL', () => {
    const sql = 'SELECT *\nFORM range(3)';
    const error = parseDuckDbError(engine.error(sql), sql);
    expect(error.kind).toBe('parser');
    expect(error.message).toMatch(/syntax error/);
    expect(error.position).toBeGreaterThanOrEqual(9);
    expect(error.position).toBeLessThan(sql.length);
  });

  it('finds the position of an unknown column', () => {
    const sql = 'SELECT nosuch FROM range(3)';
    const error = parseDuckDbError(engine.error(sql), sql);
    expect(error.kind).toBe('binder');
    expect(sql.slice(error.position)).toMatch(/^nosuch/);
  });

  it('says plainly that offline extensions are missing', () => {
    expect(parseDuckDbError(engine.error(`SELECT * FROM read_parquet('x.parquet')`)).message).toMatch(/parquet/);
  });
});

describe('resolved dialect', () => {
  it('reads the same rows as the sniffer, without sniffing', async () => {
    const { dialectFromSniffRow, readCsvResolvedSql, SNIFF_SELECT } = await import('../../shared/csv-options.ts');
    const path = file('dialect.csv', 'id;name;"when"\n1;"A;da";2024-01-02\n2;Grace;2024-01-03\n');
    const dialect = dialectFromSniffRow(engine.rows(`SELECT ${SNIFF_SELECT} FROM sniff_csv('${path}', sample_size=4096)`)[0]!);
    expect(dialect).toMatchObject({ delimiter: ';', header: true, columns: [{ name: 'id' }, { name: 'name' }, { name: 'when', type: 'DATE' }] });
    const resolved = readCsvResolvedSql(path, {}, dialect, 2 * 1024 * 1024);
    expect(resolved).toMatch(/auto_detect=false/);
    expect(engine.rows(`SELECT * FROM ${resolved}`)).toEqual(engine.rows(`SELECT * FROM ${readCsvSql(path, {})}`));
  });
});
