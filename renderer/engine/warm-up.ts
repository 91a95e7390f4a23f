import * as duckdb from '@duckdb/duckdb-wasm';
import { tableToIPC } from 'apache-arrow';
import { dialectFromSniffRow } from '../../shared/csv-options.ts';
import { guardedReadSql, sniffCsvSql } from '../../shared/csv-read.ts';
import { pageSql } from '../../shared/grid-sql.ts';
import { ident } from '../../shared/sql/quote.ts';
import type { EngineClient } from './client.ts';

/** A few rows with the column kinds files usually hold. */
const SAMPLE_CSV = ['id,name,amount,day,at,flag', ...Array.from({ length: 64 }, (_, i) => `${i + 1},n${i},${(i * 1.25).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')},2024-01-01 00:00:${String(i % 60).padStart(2, '0')},${i % 2 === 0}`)].join('\n');
const FILE = '__sluice_warm_up.csv';
const VIEW = '__sluice_warm_up';
const TABLE = '__sluice_warm_up_table';
const ARROW_TABLE = '__sluice_warm_up_arrow';

/**
 * DuckDB-WASM compiles each code path the first time it runs: the first catalog query, sniff, read and
 * page after start each cost hundreds of milliseconds once. This runs them, in the background, on a tiny
 * CSV in memory (registered as a browser file, as picked files are), so the user's first file does not
 * pay for it. Failures only mean a slower first file: they are ignored.
 */
const background = { priority: 'background', origin: 'internal' } as const;

export async function warmUpEngine(engine: EngineClient): Promise<void> {
  try {
    await engine.rows('SELECT table_name FROM duckdb_tables() WHERE NOT internal UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal', background);
    await engine.db.registerFileHandle(FILE, new Blob([SAMPLE_CSV]), duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const sniffed = await engine.rows(sniffCsvSql(FILE, {}, true), background);
    if (!sniffed.ok || !sniffed.value[0]) return;
    const dialect = dialectFromSniffRow(sniffed.value[0]);
    await engine.run(`CREATE OR REPLACE VIEW ${ident(VIEW)} AS SELECT * FROM ${guardedReadSql(FILE, {}, dialect)}`, background);
    const columns = dialect.columns.map((c) => ({ name: c.name, type: c.type }));
    await engine.rows(`DESCRIBE ${ident(VIEW)}`, background);
    await engine.rows(pageSql(VIEW, columns, [], 0, 100), { ...background, origin: 'compiled' });
    await engine.run(`CREATE OR REPLACE TABLE ${ident(TABLE)} AS SELECT * FROM ${ident(VIEW)}`, background);
    await engine.rows(pageSql(VIEW, columns, [], 0, 100, undefined, TABLE), { ...background, origin: 'compiled' });
    await engine.rows(`SELECT count(*) FROM ${ident(TABLE)}`, background);
    // Parquet, JSON and Arrow files arrive as Arrow IPC chunks.
    // (Made by DuckDB: apache-arrow's builders compile code at run time, which the page's CSP forbids.)
    const rows = await engine.query(`SELECT * FROM ${ident(TABLE)}`, background);
    if (rows.ok) await engine.insertArrowIpc(ARROW_TABLE, tableToIPC(rows.value, 'stream'), true);
    await engine.rows(`SELECT count(*), max(name) FROM ${ident(ARROW_TABLE)}`, background);
  } catch {
    // Only the first file's speed depends on it.
  } finally {
    await engine.run(`DROP VIEW IF EXISTS ${ident(VIEW)}; DROP TABLE IF EXISTS ${ident(TABLE)}; DROP TABLE IF EXISTS ${ident(ARROW_TABLE)}`, background);
    await engine.db.dropFile(FILE).catch(() => undefined);
  }
}
