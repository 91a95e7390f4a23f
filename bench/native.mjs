// Native DuckDB (@duckdb/node-api, pinned to the WASM engine's DuckDB version), 2 threads.
import { DuckDBInstance } from '@duckdb/node-api';
import { fillStep, firstPageSql, ident, scanQueries, str } from './queries.mjs';

/** Median of a list of numbers (null when empty). */
export function median(values) {
  const xs = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/**
 * Seconds per run of `work` on a fresh native DuckDB (2 threads, like the CLI on this machine), `runs` times
 * on one connection: for comparing the CLI as a whole process with the same work done natively here.
 */
export async function timeNative(runs, work) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  const seconds = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await work(conn);
      seconds.push((performance.now() - t0) / 1000);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return seconds;
}

/** Seconds to run a scan's statements in order, reading every result. */
async function timed(conn, steps) {
  const t0 = performance.now();
  let previous = [];
  for (const sql of steps) previous = (await conn.runAndReadAll(fillStep(sql, previous))).getRows()[0] ?? [];
  return (performance.now() - t0) / 1000;
}

/** `{ runs: number[], median }` of `n` runs of a scan. */
async function measure(conn, steps, n) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await timed(conn, steps));
  return { runs, median: median(runs) };
}

/**
 * Every native measurement for one file: first page, the scans over the file, the load into a
 * table (CREATE TABLE AS + count, as the app does) and the same scans over the loaded table.
 * @param {{ kind: 'csv' | 'parquet', path: string, rows: number, runs: number, loadRuns: number }} options
 */
export async function benchNative({ kind, path, rows, runs, loadRuns }) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  try {
    const version = String((await conn.runAndReadAll('SELECT version()')).getRows()[0]?.[0]);
    const file = `${kind === 'csv' ? 'read_csv' : 'read_parquet'}(${str(path)})`;
    const result = { version, firstRows: await measure(conn, [firstPageSql(file)], runs), file: {}, table: {}, load: null };
    for (const [name, sql] of Object.entries(scanQueries(file, rows))) result.file[name] = await measure(conn, sql, runs);

    const table = ident('loaded');
    const load = [];
    for (let i = 0; i < loadRuns; i++) {
      const t0 = performance.now();
      await conn.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${file}`);
      await conn.runAndReadAll(`SELECT count(*) FROM ${table}`);
      load.push((performance.now() - t0) / 1000);
    }
    result.load = { runs: load, median: median(load) };
    for (const [name, sql] of Object.entries(scanQueries(table, rows))) result.table[name] = await measure(conn, sql, runs);
    return result;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
