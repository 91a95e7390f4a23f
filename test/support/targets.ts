import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { exportScript } from '../../cli/export.ts';
import { silentLogger } from '../../cli/log.ts';
import { inspectConfig } from '../../cli/run.ts';
import { resolveCsvRead } from '../../shared/csv-read.ts';
import { jsonChunksSql, type ChunkTable } from '../../shared/json-sql.ts';
import { compilePipeline, pipelineQuery } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument, Source, Step } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import { sqlScript } from '../../shared/scripts/sql-script.ts';
import { ident } from '../../shared/sql/quote.ts';
import { jsonChunks, type ChunkColumn } from '../../renderer/workers/json-chunks.ts';
import { expectSameTargetRows, fromCsv, fromEngine, runPythonScript, runSqlScript, type TargetRows } from './differential.ts';
import type { TestEngine } from './engine.ts';
import type { NativeDb } from './native.ts';
import { engineRows } from './parity.ts';

/**
 * The four targets of a pipeline document, for the differential suites (scripts-differential,
 * scripts-corpus): the app's engine (DuckDB-WASM, sources as tables named like the sources), the CLI
 * (`inspectConfig`, native DuckDB), the generated SQL script (native DuckDB, run from the config's folder)
 * and the generated pandas script (/usr/bin/python3). Each script target is compared with the app's rows by
 * `expectSameTargetRows`, which prints the generated code on a mismatch.
 */

export const unwrap = <T>(r: Result<T, { message: string }>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** The rows are in a defined order when the last enabled step orders them. */
export function ordered(steps: readonly Step[]): boolean {
  const last = steps.filter((s) => s.enabled).at(-1);
  return last?.kind === 'sort' || (last?.kind === 'aggregate' && last.groupBy.length > 0);
}

/** The app's rows of a pipeline, its sources being tables of the same name in `wasm`. */
export async function appTarget(wasm: TestEngine, doc: PipelineDocument, pipeline = 'main'): Promise<TargetRows> {
  return fromEngine(await engineRows(pipelineQuery(compilePipeline(doc, pipeline, { sourceSql: (s: Source) => ident(s.name) })), (q) => wasm.rows(q)));
}

/** A CSV file read into `table` as the app reads it: the first rows sniffed, the types checked against the whole file (shared/csv-read.ts). */
export async function loadAppCsv(wasm: TestEngine, path: string, source: Source, table = source.name): Promise<void> {
  const rows = (sql: string) => {
    try {
      return Promise.resolve({ ok: true as const, value: wasm.rows(sql) });
    } catch (e) {
      return Promise.resolve({ ok: false as const, error: { kind: 'sql' as const, message: e instanceof Error ? e.message : String(e) } });
    }
  };
  const read = unwrap(await resolveCsvRead(rows, path, source.csv ?? {}));
  wasm.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${read.sql}`);
}

/**
 * A JSON (array) or NDJSON file read into `table` as the app reads it: the ingest worker's Arrow chunks
 * (renderer/workers/json-chunks.ts, read_json's types), cast and merged by the engine (shared/json-sql.ts).
 * The text is fed in pieces of `piece` characters, as the worker reads a stream.
 */
export async function loadAppJson(wasm: TestEngine, path: string, mode: 'array' | 'lines', table: string, chunkChars = 200, piece = 37): Promise<ChunkColumn[]> {
  const text = readFileSync(path, 'utf8');
  const texts = async function* () {
    for (let i = 0; i < text.length; i += piece) yield text.slice(i, i + piece);
  };
  const chunks = jsonChunks(mode, texts, chunkChars, chunkChars);
  const parts: (ChunkTable & { generation: number })[] = [];
  let generation = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      const current = parts.filter((p) => p.generation === generation);
      wasm.run(`CREATE OR REPLACE TABLE ${ident(table)} AS ${jsonChunksSql(current, next.value.columns)}`);
      for (const p of parts) wasm.run(`DROP TABLE IF EXISTS ${p.table}`);
      return next.value.columns;
    }
    const event = next.value;
    if (event.kind === 'restart') {
      generation++;
      continue;
    }
    const name = `${table.replace(/\W/g, '_')}_g${event.generation}_p${event.index}`;
    wasm.run(`DROP TABLE IF EXISTS ${name}`);
    wasm.insertArrowIpc(name, event.ipc);
    parts.push({ table: name, columns: event.columns.map((c) => c.name), generation: event.generation });
  }
}

export interface TargetCase {
  /** The case's name, for messages. */
  name: string;
  /** The folder holding the config and the sources (paths in the document are relative to it). */
  dir: string;
  /** The config file name (written by the caller, in `dir`), and a tag for the files the scripts write. */
  config: string;
  tag: string;
  doc: PipelineDocument;
  pipeline?: string;
  ordered: boolean;
}

/** The CLI (native DuckDB, the compiled query) ≡ the app. */
export async function expectCliSame(app: TargetRows, c: TargetCase): Promise<void> {
  const pipeline = c.pipeline ?? 'main';
  const cli = await inspectConfig({ config: c.config, cwd: c.dir, log: silentLogger(), stdout: process.stdout }, (query, sqlOf) => engineRows(sqlOf(pipeline), async (q) => unwrap(await query(q))));
  expectSameTargetRows(app, fromEngine(unwrap(cli)), true, `${c.name}: CLI`, '(the CLI runs the compiled query)', c.doc);
}

/** The generated SQL script, run by native DuckDB from the config's folder, writes the app's rows (and nothing on stderr). */
export async function expectSqlScriptSame(app: TargetRows, c: TargetCase, native: NativeDb): Promise<void> {
  const pipeline = c.pipeline ?? 'main';
  const script = sqlScript({ doc: { ...c.doc, outputs: [{ pipeline, path: `sql-${c.tag}.csv`, format: 'csv' }] }, configName: c.config });
  if (!script.ok) throw new Error(script.error);
  writeFileSync(join(c.dir, `${c.tag}.sql`), script.value);
  const run = runSqlScript(`${c.tag}.sql`, c.dir);
  expect(run.stderr, `${c.name}: SQL script\n${script.value}`).toBe('');
  expectSameTargetRows(app, await fromCsv(native, join(c.dir, `sql-${c.tag}.csv`)), c.ordered, `${c.name}: SQL script`, script.value, c.doc);
}

/** The exported pandas script, run by /usr/bin/python3, writes the app's rows. */
export async function expectPandasSame(app: TargetRows, c: TargetCase, native: NativeDb): Promise<void> {
  const pipeline = c.pipeline ?? 'main';
  unwrap(await exportScript({ config: c.config, to: 'python', out: `${c.tag}.py`, cwd: c.dir, stdout: process.stdout }));
  const run = runPythonScript(`${c.tag}.py`, [`--output-${pipeline}`, `py-${c.tag}.csv`], c.dir);
  const code = readFileSync(join(c.dir, `${c.tag}.py`), 'utf8');
  if (run.code !== 0) expect.fail(`${c.name}: the pandas script failed (exit ${run.code}):\n${run.stderr}\n--- generated code (steps) ---\n${code.slice(code.indexOf('# ---- Pipeline'))}`);
  expectSameTargetRows(app, await fromCsv(native, join(c.dir, `py-${c.tag}.csv`)), c.ordered, `${c.name}: pandas script`, code.slice(code.indexOf('# ---- Sources')), c.doc);
}

/** The pandas export refuses the config with a message matching `reason`; returns the message. */
export async function expectPandasRefuses(c: TargetCase, reason: RegExp): Promise<string> {
  const result = await exportScript({ config: c.config, to: 'python', out: `${c.tag}.py`, cwd: c.dir, stdout: process.stdout });
  expect(result.ok, `${c.name}: the pandas export should refuse`).toBe(false);
  if (!result.ok) expect(result.error.message).toMatch(reason);
  return result.ok ? '(not refused!)' : result.error.message;
}
