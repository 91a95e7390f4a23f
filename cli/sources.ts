import { access, constants, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as ParquetWasmModule from 'parquet-wasm/esm';
import { csvOptionsProblem, delimiterHint, readCsvSql, type CsvOptions } from '../shared/csv-options.ts';
import { FORMAT_LABELS } from '../shared/formats.ts';
import type { Source } from '../shared/pipeline/document.ts';
import { errorMessage, type Result } from '../shared/result.ts';
import { ident, str } from '../shared/sql/quote.ts';
import { createCsvSource } from './csv-source.ts';
import { jsonReadSql } from './json-source.ts';
import type { NativeEngine } from './engine.ts';
import { cliError, type CliError } from './errors.ts';
import type { PlannedInput } from './config.ts';
import type { Logger } from './log.ts';

/**
 * Each source becomes a TEMP view (or, for Arrow IPC, a TEMP table) named by the source's table name,
 * as in the app, where a source is the dataset's view by that name; the compiler's `sourceSql` is then
 * the quoted name, and a custom SQL step may name other sources just as it can in the app.
 *
 * Read as the app reads them:
 * - CSV: the app's own decision (`shared/csv-read.ts`, through `csv-source.ts`): the saved options, or, with
 *   none saved, the delimiter the file name suggests (.tsv, .psv), as when the app opens a file; types checked
 *   against the whole file; widened columns and skipped rows logged as warnings.
 * - Parquet: `read_parquet`. JSON: `read_json(format='array')`; NDJSON: `read_json(format='newline_delimited')`,
 *   keys in the file's order (first appearance), with the columns the app's rules decide (`json-source.ts`).
 * - Arrow IPC (file or stream): native DuckDB 1.4.3 has no Arrow IPC reader without the `arrow` community
 *   extension, which is never downloaded. The file is read with `apache-arrow` (as the app reads it),
 *   written as Parquet by `parquet-wasm` into the run's private folder, and copied into a TEMP table
 *   before the lock-down; the temporary Parquet file is deleted at once.
 */

/** The `read_*` call for a source whose file DuckDB reads directly (for CSV, before its types are checked: `explain`). */
export function readSql(source: Source, path: string): string {
  switch (source.format) {
    case 'csv':
      return readCsvSql(path, csvOptionsFor(source));
    case 'parquet':
      return `read_parquet(${str(path)})`;
    case 'json':
      return `read_json(${str(path)}, format='array')`;
    case 'ndjson':
      return `read_json(${str(path)}, format='newline_delimited')`;
    case 'arrow':
      throw new Error('Arrow IPC sources are converted, not read by DuckDB.');
  }
}

/** The saved CSV options, or what the app starts with for a file of that name. */
export function csvOptionsFor(source: Source): CsvOptions {
  if (source.csv) return source.csv;
  const hint = delimiterHint(source.file.name);
  return hint ? { delimiter: hint } : {};
}

const describeSource = (input: PlannedInput) => `source "${input.source.name}" (${input.origin}: ${input.path})`;

/** Every input file exists and is readable: checked before the engine starts, so the message names the file. */
export async function checkInputs(inputs: readonly PlannedInput[]): Promise<Result<void, CliError>> {
  for (const input of inputs) {
    try {
      const info = await stat(input.path);
      if (!info.isFile()) return { ok: false, error: cliError('input', `${describeSource(input)}: not a file.`, { file: input.path }) };
      await access(input.path, constants.R_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'input file not found' : code === 'EACCES' ? 'input file not readable' : `cannot read the input file (${errorMessage(e)})`;
      return { ok: false, error: cliError('input', `${describeSource(input)}: ${why}.`, { file: input.path }) };
    }
    if (input.source.format === 'csv') {
      const problem = csvOptionsProblem(csvOptionsFor(input.source));
      if (problem) return { ok: false, error: cliError('config', `${describeSource(input)}: ${problem}`, { file: input.path }) };
    }
  }
  return { ok: true, value: undefined };
}

/** Create each source's relation. Runs before the lock-down, with SQL built from quoted paths and options only. */
/** `materializeCsv`: CSV sources are copied once into tables (the run reads them several times: checks), else read in place. */
export async function createSources(engine: NativeEngine, inputs: readonly PlannedInput[], privateDir: string, log: Logger, materializeCsv = false): Promise<Result<void, CliError>> {
  for (const [index, input] of inputs.entries()) {
    const name = ident(input.source.name);
    let created: Result<void>;
    if (input.source.format === 'arrow') {
      const converted = await arrowToParquet(input.path, join(privateDir, `arrow-${index}.parquet`));
      if (!converted.ok) return { ok: false, error: cliError('input', `${describeSource(input)}: not a readable Arrow IPC file (${converted.error}).`, { file: input.path }) };
      created = await engine.exec(`CREATE TEMP TABLE ${name} AS SELECT * FROM read_parquet(${str(converted.value)})`);
      await rm(converted.value, { force: true });
    } else if (input.source.format === 'csv') {
      const notes = await createCsvSource(engine, input.source.name, input.path, csvOptionsFor(input.source), index, materializeCsv);
      if (notes.ok) for (const note of notes.value) log.warn(`${describeSource(input)}: ${note}`, { step: input.source.name });
      created = notes.ok ? { ok: true, value: undefined } : notes;
    } else if (input.source.format === 'json' || input.source.format === 'ndjson') {
      const read = await jsonReadSql(input.path, input.source.format);
      created = read.ok ? await engine.exec(`CREATE TEMP VIEW ${name} AS ${read.value}`) : read;
    } else {
      created = await engine.exec(`CREATE TEMP VIEW ${name} AS SELECT * FROM ${readSql(input.source, input.path)}`);
    }
    if (!created.ok) {
      const where = created.error.line !== undefined ? ` (line ${created.error.line})` : '';
      return { ok: false, error: cliError('input', `${describeSource(input)}${where}: cannot be read as ${FORMAT_LABELS[input.source.format]}: ${created.error.message}`, { file: input.path, ...(created.error.line !== undefined ? { line: created.error.line } : {}) }) };
    }
  }
  return { ok: true, value: undefined };
}

// ---- Arrow IPC -------------------------------------------------------------------

type ParquetWasm = typeof ParquetWasmModule;
let parquetWasm: Promise<ParquetWasm> | undefined;

/** parquet-wasm's ESM entry, initialized from its .wasm bytes (its Node entry does not load under Node 20 ESM). */
function loadParquetWasm(): Promise<ParquetWasm> {
  parquetWasm ??= (async () => {
    const module = await import('parquet-wasm/esm');
    const require = createRequire(import.meta.url);
    const bytes = await readFile(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'));
    await module.default({ module_or_path: bytes });
    return module;
  })();
  return parquetWasm;
}

/** Read an Arrow IPC file or stream with apache-arrow and write it as Parquet; the Parquet file's path. */
export async function arrowToParquet(path: string, target: string): Promise<Result<string, string>> {
  try {
    const arrow = await import('apache-arrow');
    const table = arrow.tableFromIPC(await readFile(path));
    const wasm = await loadParquetWasm();
    const wasmTable = wasm.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
    await writeFile(target, wasm.writeParquet(wasmTable));
    return { ok: true, value: target };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}
