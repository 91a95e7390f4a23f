import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO } from './cli.ts';
import type { NativeDb } from './native.ts';
import type { EngineRows } from './parity.ts';

/**
 * The differential suite's targets and comparison. Every target's rows become cells that are null, a
 * number or text, compared with this normalisation (documented in test/CONTEXT.md):
 * - numbers (doubles and integers) within 1e-9 relative; infinities and NaN as DuckDB's text (inf, -inf,
 *   nan: NaN's sign is not compared); everything else exactly as text;
 * - the script targets are read back from the CSV they write, so NULL and the empty string are the same
 *   cell there (CSV written by pandas cannot tell them apart), and dates, timestamps and booleans are
 *   compared as DuckDB's text (2024-01-15, true) — the pandas script writes them so;
 * - rows in order when the pipeline's last step orders them (sort, group by), else as a sorted multiset.
 */

export type Cell = string | number | null;
export interface TargetRows {
  columns: string[];
  rows: Cell[][];
}

export function fromEngine(rows: EngineRows): TargetRows {
  return { columns: rows.columns.map((c) => c.name), rows: rows.rows.map((r) => r.map((v) => (v === null || v === undefined ? null : typeof v === 'number' ? nonFinite(v) : String(v)))) };
}

/** Infinities and NaN as DuckDB writes them as text (CSV, CAST to VARCHAR): inf, -inf, nan. */
const nonFinite = (v: number): Cell => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');

/** A CSV a script wrote, read back as text cells. */
export async function fromCsv(native: NativeDb, path: string): Promise<TargetRows> {
  const columns = (await native.rows(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv('${path}', header=true, all_varchar=true, delim=',', quote='"', escape='"'))`)).map((r) => String(r[0]));
  const rows = await native.rows(`SELECT * FROM read_csv('${path}', header=true, all_varchar=true, delim=',', quote='"', escape='"')`);
  return { columns, rows: rows.map((r) => r.map((v) => (v === null ? null : String(v)))) };
}

const asNumber = (c: Cell): number | null => (typeof c === 'number' ? c : c !== null && /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(c) ? Number(c) : null);
/** '' is NULL (see above); NaN's sign is not compared (DuckDB writes 0 / 0 as -nan, pandas as nan). */
const blank = (c: Cell): Cell => (c === '' ? null : c === '-nan' ? 'nan' : c);

function sameCell(a: Cell, b: Cell): boolean {
  [a, b] = [blank(a), blank(b)];
  if (a === null || b === null) return a === b;
  const [x, y] = [asNumber(a), asNumber(b)];
  if (x !== null && y !== null) return x === y || Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)) <= 1e-9;
  return String(a) === String(b);
}

const sortKey = (row: Cell[]) => JSON.stringify(row.map((c) => { const n = asNumber(blank(c)); return n !== null ? n.toPrecision(12) : blank(c); }));

/** Fails with the pipeline (when given), the code, both row sets and the first differing row. */
export function expectSameTargetRows(expected: TargetRows, actual: TargetRows, ordered: boolean, what: string, code: string, pipeline?: unknown): void {
  const sort = (rows: Cell[][]) => (ordered ? rows : [...rows].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0)));
  const [e, a] = [sort(expected.rows), sort(actual.rows)];
  const differing = e.findIndex((row, i) => !a[i] || row.length !== a[i]!.length || row.some((c, j) => !sameCell(c, a[i]![j]!)));
  const same = expected.columns.join('\u0000') === actual.columns.join('\u0000') && e.length === a.length && differing < 0;
  if (!same) {
    const show = (t: TargetRows, rows: Cell[][]) => [t.columns.join(' | '), ...rows.map((r) => r.map((c) => JSON.stringify(c)).join(' | '))].join('\n');
    const message = [`${what}: rows differ${differing >= 0 ? ` (first at row ${differing + 1})` : ''}`, ...(pipeline === undefined ? [] : ['--- pipeline ---', JSON.stringify(pipeline, null, 1)]), '--- generated code ---', code, '--- expected (app engine) ---', show(expected, e), '--- actual ---', show(actual, a)].join('\n');
    expect.fail(message);
  }
}

/** Run a generated SQL script with native DuckDB, from `cwd` (as `duckdb < script.sql` from the config's folder). */
export function runSqlScript(script: string, cwd: string, flags: readonly ('--no-bail' | '--results')[] = []): { code: number; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [join(REPO, 'test', 'support', 'run-sql-script.mjs'), script, ...flags], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stderr: result.stderr, stdout: result.stdout };
}

/** Debian's pandas, always /usr/bin/python3 (the python3 first on PATH may lack pandas). */
export const PYTHON = '/usr/bin/python3';

export function runPythonScript(script: string, args: readonly string[], cwd: string): { code: number; stderr: string; stdout: string } {
  const result = spawnSync(PYTHON, [script, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stderr: result.stderr, stdout: result.stdout };
}
