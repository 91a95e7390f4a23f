import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as ParquetWasmModule from 'parquet-wasm/esm';
import { RecordBatchReader, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectConfig } from '../../cli/run.ts';
import { Logger, silentLogger } from '../../cli/log.ts';
import { readCsvSql, type CsvOptions } from '../../shared/csv-options.ts';
import { keepRejectsSql } from '../../shared/csv-rejects.ts';
import { csvReadNotes, csvReadWithRejectsSql, resolveCsvRead } from '../../shared/csv-read.ts';
import type { RowsFn } from '../../shared/csv-type-check.ts';
import { parseDuckDbError } from '../../shared/engine-errors.ts';
import { compilePipeline, pipelineQuery } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument, Source } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import { ident } from '../../shared/sql/quote.ts';
import { configText, tempFolder } from '../support/cli.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { GOLDEN_CASES, GOLDEN_CSV, goldenDocument } from '../support/golden.ts';
import { openNative, type NativeDb } from '../support/native.ts';
import { engineRows, expectSameRows, type EngineRows } from '../support/parity.ts';
import { loadAppJson } from '../support/targets.ts';

/**
 * App ≡ CLI. The app's engine (DuckDB-WASM in Node, reading sources the way the app's loaders do) and
 * the CLI's (native DuckDB through the CLI's own source reading, lock-down and binding) give the same
 * columns, types and rows: for every golden compiler case, and for a source of each format.
 */

let wasm: TestEngine;
let native: NativeDb;
let folder: { dir: string; remove: () => void };
let configs = 0;

beforeAll(async () => {
  wasm = await startEngine();
  native = await openNative();
  folder = tempFolder({ 'people.csv': GOLDEN_CSV.people.text, 'states.csv': GOLDEN_CSV.states.text });
  // The app reads a CSV source into a table as its csv-loader does (shared/csv-read.ts, the saved options).
  for (const name of ['people', 'states'] as const) await appCsv(join(folder.dir, `${name}.csv`), GOLDEN_CSV[name].options, name);
}, 60_000);
afterAll(() => {
  wasm.close();
  native.close();
  folder.remove();
});

const appContext = { sourceSql: (s: Source) => ident(s.name) };

/** The rows of pipeline `pipeline` of `doc` as the CLI computes them (through a config file, as `run` reads it). */
async function cliRows(doc: PipelineDocument, pipeline: string, sql?: (compiled: string) => string, log = silentLogger()): Promise<EngineRows> {
  const file = join(folder.dir, `parity-${++configs}.sluice.json`);
  writeFileSync(file, configText(doc));
  const result = await inspectConfig({ config: file, cwd: folder.dir, log, stdout: process.stdout }, (query, sqlOf) =>
    engineRows(sql ? sql(sqlOf(pipeline)) : sqlOf(pipeline), async (q) => unwrap(await query(q))),
  );
  return unwrap(result);
}

function unwrap<T>(result: Result<T, { message: string }>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const appRows = (sql: string) => engineRows(sql, (q) => wasm.rows(q));

describe('App ≡ CLI: every golden compiler case', () => {
  it.each(GOLDEN_CASES)('%s', async (name, steps) => {
    const doc = goldenDocument(steps, { people: 'people.csv', states: 'states.csv' }, GOLDEN_CSV);
    const app = await appRows(pipelineQuery(compilePipeline(doc, 'main', appContext)));
    expectSameRows(app, await cliRows(doc, 'main'), name);
  });
});

// ---- sources of each format ----------------------------------------------------------

const oneSource = (source: Source): PipelineDocument => ({
  format: 'sluice.pipeline',
  version: 2,
  sources: [source],
  pipelines: [{ id: 'p', name: 'p', input: { kind: 'source', id: source.id }, steps: [] }],
  checks: [],
  outputs: [],
});

const source = (file: string, format: Source['format'], csv?: CsvOptions): Source => ({ id: 's', name: 'src', file: { path: file, name: file }, format, ...(csv ? { csv } : {}) });

/** The app's engine as a RowsFn, as the app's loaders give it to shared/. */
const wasmRowsFn: RowsFn = async (sql) => {
  try {
    return { ok: true, value: wasm.rows(sql) };
  } catch (e) {
    return { ok: false, error: parseDuckDbError(e instanceof Error ? e.message : String(e), sql) };
  }
};

/** A CSV file as the app's csv-loader reads it (shared/csv-read.ts, then copied into a table): its notes. */
async function appCsv(path: string, options: CsvOptions, table: string): Promise<string[]> {
  const read = unwrap(await resolveCsvRead(wasmRowsFn, path, options));
  const kept = options.ignoreErrors ? `${table}_rejects` : undefined;
  wasm.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${kept ? csvReadWithRejectsSql(read, kept) : read.sql};${kept ? keepRejectsSql(kept) : ''}`);
  return unwrap(await csvReadNotes(wasmRowsFn, read, table, 'rowid', kept));
}

/** The CLI's rows of a one-source pipeline, and the warnings it logged (the notes, after the source's description). */
async function cliWithWarnings(doc: PipelineDocument): Promise<{ rows: EngineRows; warnings: string[] }> {
  const lines: string[] = [];
  const log = new Logger({ level: 'warn', format: 'text', write: (line) => lines.push(line) });
  const rows = await cliRows(doc, 'p', undefined, log);
  return { rows, warnings: lines.map((l) => l.replace(/^sluice warn: source "[^"]+" \([^)]*\): /, '').trimEnd()) };
}

/** 100,000 rows `id,x,name`; `late(i)` replaces x at row i. */
const lateCsv = (late: (i: number) => string | null) => ['id,x,name', ...Array.from({ length: 100_000 }, (_, i) => `${i + 1},${late(i + 1) ?? i + 1},n${i + 1}`)].join('\n') + '\n';
/** Two ragged rows (lines 152, 252); `x` in column a (line 202) makes it text, not a bad row. */
const ragged = ['a,b,c', ...Array.from({ length: 300 }, (_, i) => (i === 150 ? '1,2,3,4' : i === 200 ? 'x,2,3' : i === 250 ? '7' : `${i},${i * 2},${i * 3}`))].join('\n') + '\n';
const widened = (row: string, value: string, to: string) => `Column "x" was widened from BIGINT to ${to} after checking the whole file: row ${row} holds "${value}", which is not a BIGINT.`;

describe('App ≡ CLI: reading each source format', () => {
  it.each<[string, string, CsvOptions | undefined, string[]]>([
    ['sniffed', 'id,amount,ratio,day,at,flag,label\n1,10,0.5,2024-01-15,2024-01-15 10:00:00,true,"a, b"\n2,,1.25,2024-02-29,2024-02-29 23:59:59,false,"say ""hi"""\n3,30,,,,,\n', undefined, []],
    ['with options', 'id;amount;label\n1;NA;x\n2;5;NA\n', { delimiter: ';', header: true, nullStrings: ['NA'], columnTypes: { amount: 'DECIMAL(10,2)' } }, []],
    ['late decimal', lateCsv((i) => (i === 50_000 ? '3.75' : null)), undefined, [widened('50,000', '3.75', 'DOUBLE')]],
    ['late text', lateCsv((i) => (i === 60_000 ? 'n/a' : null)), undefined, [widened('60,000', 'n/a', 'text (VARCHAR)')]],
    ['huge integers', lateCsv((i) => (i === 10 ? '9007199254740993' : i === 70_000 ? '0.5' : null)), undefined, [widened('70,000', '0.5', 'text (VARCHAR)')]],
    ['skip bad rows', ragged, { ignoreErrors: true }, ['Skipped 2 bad rows (lines 152, 252).']],
    ['saved column types', lateCsv((i) => (i === 80_000 ? '2.5' : null)), { columnTypes: { id: 'VARCHAR', x: 'DOUBLE' } }, []],
    ['saved type, late decimal elsewhere', lateCsv((i) => (i === 80_000 ? '2.5' : null)), { columnTypes: { name: 'VARCHAR' } }, [widened('80,000', '2.5', 'DOUBLE')]],
    ['pipes and null strings', 'k|v|w\n1|-|a\n2|2.5|-\n3|x|\n', { delimiter: '|', nullStrings: ['-', ''] }, []],
    ['tabs, no header', '1\tA\t2024-01-01\n2\tB\t\n', { delimiter: '\t', header: false }, []],
  ])('CSV (%s): the app and the CLI read it through shared/csv-read.ts', async (label, text, options, notes) => {
    const file = `parity-${label.replace(/\W/g, '-')}.csv`;
    writeFileSync(join(folder.dir, file), text);
    const appNotes = await appCsv(join(folder.dir, file), options ?? {}, 'app_csv');
    const cli = await cliWithWarnings(oneSource(source(file, 'csv', options)));
    expectSameRows(await appRows('SELECT * FROM app_csv'), cli.rows, `CSV ${label}`);
    expect(appNotes, `CSV ${label}: the app's notes`).toEqual(notes);
    expect(cli.warnings, `CSV ${label}: the CLI's warnings`).toEqual(notes);
  });

  it('CSV: a late 3.75 is DOUBLE 3.75 on both sides, where DuckDB\'s sample-based read gives BIGINT 4', async () => {
    const path = join(folder.dir, 'parity-late-decimal.csv');
    writeFileSync(path, lateCsv((i) => (i === 50_000 ? '3.75' : null)));
    expect(wasm.rows(`SELECT x FROM ${readCsvSql(path, {})} WHERE id = 50000`)).toEqual([[4n]]);
    await appCsv(path, {}, 'app_late');
    expect(wasm.rows('SELECT x FROM app_late WHERE id = 50000')).toEqual([[3.75]]);
    const cli = await cliRows(oneSource(source('parity-late-decimal.csv', 'csv')), 'p', (q) => `SELECT x FROM (${q}) WHERE id = 50000`);
    expect(cli.rows).toEqual([[3.75]]);
  });

  it('CSV: whole numbers beyond 2^53 keep every digit on both sides (read as text)', async () => {
    writeFileSync(join(folder.dir, 'parity-huge-integers.csv'), lateCsv((i) => (i === 10 ? '9007199254740993' : i === 70_000 ? '0.5' : null)));
    const cli = await cliRows(oneSource(source('parity-huge-integers.csv', 'csv')), 'p', (q) => `SELECT x FROM (${q}) WHERE id = 10`);
    expect(cli.rows).toEqual([['9007199254740993']]);
  });

  it('Parquet: the app reads it with parquet-wasm into Arrow, the CLI with read_parquet', async () => {
    const file = join(folder.dir, 'parity.parquet');
    await native.rows(`COPY (SELECT * FROM (VALUES
        (1::INTEGER, 10::BIGINT, 1.5::DOUBLE, 'a'::VARCHAR, DATE '2024-01-15', TIMESTAMP '2024-01-15 10:00:00', true, 12.34::DECIMAL(10,2), 7::SMALLINT),
        (2, NULL, -0.25, NULL, DATE '1999-12-31', NULL, false, NULL, NULL),
        (3, 9007199254740993, 1e300, 'ü ✓', NULL, TIMESTAMP '1970-01-01 00:00:00', NULL, -0.01, -7)
      ) t(i, big, d, s, day, ts, flag, money, small)) TO '${file}' (FORMAT parquet)`);
    const parquet = await parquetWasm();
    const ipc = parquet.readParquet(readFileSync(file)).intoIPCStream();
    wasm.run('DROP TABLE IF EXISTS app_parquet');
    wasm.insertArrowIpc('app_parquet', ipc);
    expectSameRows(await appRows('SELECT * FROM app_parquet'), await cliRows(oneSource(source('parity.parquet', 'parquet')), 'p'), 'Parquet');
  });

  it.each(['file', 'stream'] as const)('Arrow IPC (%s): the app inserts Arrow batches, the CLI converts through Parquet', async (kind) => {
    const file = `parity.${kind === 'file' ? 'arrow' : 'arrows'}`;
    const table = tableFromArrays({
      i: Int32Array.from([1, 2, 3]),
      big: BigInt64Array.from([10n, -9007199254740993n, 0n]),
      d: Float64Array.from([1.5, -0.25, 1e300]),
      s: ['a', null, 'ü ✓'],
    });
    writeFileSync(join(folder.dir, file), tableToIPC(table, kind));
    // As the app's loader: read the batches, send them to the engine as an IPC stream.
    const reader = RecordBatchReader.from(readFileSync(join(folder.dir, file)));
    const batches = [...reader];
    wasm.run('DROP TABLE IF EXISTS app_arrow');
    wasm.insertArrowIpc('app_arrow', tableToIPC(new Table(batches), 'stream'));
    expectSameRows(await appRows('SELECT * FROM app_arrow'), await cliRows(oneSource(source(file, 'arrow')), 'p'), `Arrow ${kind}`);
  });
});

/**
 * JSON and NDJSON: the app's ingest worker parses the rows and decides read_json's types (shared/json-types.ts),
 * builds Arrow chunks (renderer/workers/json-chunks.ts) that the engine casts and merges (shared/json-sql.ts);
 * the CLI reads with native read_json and the same columns (cli/json-source.ts). Both give read_json's
 * names, order and types, except JSON, which DuckDB-WASM lacks: VARCHAR holding the JSON text on both sides.
 */
const appJson = (path: string, mode: 'array' | 'lines', table: string, chunkChars = 200) => loadAppJson(wasm, path, mode, table, chunkChars);

const objects = [
  { name: 'Ada', id: 1, score: 1.5, joined: '2024-01-15', ok: true },
  { name: 'Grace', id: 2, score: 2, joined: '2024-02-20', ok: false, extra: 'x' },
];

/** Rows of each shape the app supports, in JSON text (numbers as written: `2.0` is not `2`). */
const JSON_SHAPES: [string, string[]][] = [
  ['people', objects.map((o) => JSON.stringify(o))],
  ['numbers', ['{"i": 1, "f": 2.0, "e": 1e2, "big": 9007199254740993, "huge": 92233720368547758070, "neg": -0}', '{"i": -2, "f": 3, "e": 1.5e300, "big": 1, "huge": 1, "neg": 5}']],
  ['text kinds', ['{"d": "2024-01-15", "ts": "2024-01-15 10:00:00", "tz": "2024-01-15T10:00:00Z", "t": "10:00", "u": "0B5C4A5E-1F2A-4B7E-9D2C-3E4F5A6B7C8D", "s": "2024-01-15T10:00:00", "mixed": "2024-01-15"}', '{"d": " 2024-02-29", "ts": "2024-01-15 10:00:00.5", "tz": null, "t": "10:00:00.25", "u": null, "s": "x", "mixed": "2024-01-15 10:00:00"}']],
  ['mixed kinds', ['{"m": 1, "b": true, "n": null, "o": {"x": 1}, "l": [1, "x"], "e": [], "eo": {}}', '{"m": "x", "b": 2.0, "n": null, "o": 5, "l": [null], "e": [], "eo": {}}', '{"m": {"k": [1.5e3, "\\u0001é/"]}, "b": false, "n": null, "o": null, "l": [], "e": [], "eo": {}}']],
  ['nested', ['{"s": {"x": 1, "y": "a", "d": "2024-01-15"}, "l": [1, 2], "ls": [{"p": 1}, {"q": "x"}], "ll": [[1], [2, 3]]}', '{"s": {"x": 2.5, "y": null, "d": "2024-01-16"}, "l": [3.5], "ls": [], "ll": null}']],
  ['late changes', [...Array.from({ length: 30 }, (_, i) => JSON.stringify({ n: i, later: i < 20 ? null : 'text', s: { a: i } })), '{"n": "oops", "s": {"a": 1, "b": true}, "late key": 1}']],
];

describe('App ≡ CLI: JSON sources (the app decides read_json\'s types in its ingest worker)', () => {
  it.each(JSON_SHAPES)('JSON array (%s): the app\'s Arrow chunks and the CLI\'s read_json agree', async (label, rows) => {
    const file = `parity-${label.replace(/\W/g, '-')}.json`;
    writeFileSync(join(folder.dir, file), `[\n${rows.join(',\n')}\n]`);
    await appJson(join(folder.dir, file), 'array', 'app_json');
    expectSameRows(await appRows('SELECT * FROM app_json'), await cliRows(oneSource(source(file, 'json')), 'p'), `JSON ${label}`);
  });

  it.each(JSON_SHAPES)('NDJSON (%s): the app\'s Arrow chunks and the CLI\'s read_json agree', async (label, rows) => {
    const file = `parity-${label.replace(/\W/g, '-')}.ndjson`;
    writeFileSync(join(folder.dir, file), rows.join('\n') + '\n\n');
    await appJson(join(folder.dir, file), 'lines', 'app_ndjson');
    expectSameRows(await appRows('SELECT * FROM app_ndjson'), await cliRows(oneSource(source(file, 'ndjson')), 'p'), `NDJSON ${label}`);
  });

  it('the keys in the file order (first appearance), with read_json types, on both sides', async () => {
    writeFileSync(join(folder.dir, 'order.json'), JSON.stringify(objects));
    const cli = await cliRows(oneSource(source('order.json', 'json')), 'p');
    expect(cli.columns).toEqual([
      { name: 'name', type: 'VARCHAR' },
      { name: 'id', type: 'BIGINT' },
      { name: 'score', type: 'DOUBLE' },
      { name: 'joined', type: 'DATE' },
      { name: 'ok', type: 'BOOLEAN' },
      { name: 'extra', type: 'VARCHAR' },
    ]);
    expect(cli.rows).toEqual([['Ada', '1', 1.5, '2024-01-15', 'true', null], ['Grace', '2', 2, '2024-02-20', 'false', 'x']]);
    await appJson(join(folder.dir, 'order.json'), 'array', 'app_order');
    expect((await appRows('SELECT * FROM app_order')).columns).toEqual(cli.columns);
  });

  it('values of different kinds: read_json\'s JSON is VARCHAR holding the JSON text, as read_json writes it', async () => {
    writeFileSync(join(folder.dir, 'mixed-kinds.ndjson'), JSON_SHAPES.find(([label]) => label === 'mixed kinds')![1].join('\n'));
    const cli = await cliRows(oneSource(source('mixed-kinds.ndjson', 'ndjson')), 'p', (q) => `SELECT m, b, n, o, eo FROM (${q})`);
    expect(cli.columns.map((c) => c.type)).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR']);
    expect(cli.rows).toEqual([
      ['1', 'true', null, '{"x":1}', '{}'],
      ['"x"', '2.0', null, '5', '{}'],
      ['{"k":[1500.0,"\\u0001é/"]}', 'false', null, null, '{}'],
    ]);
  });

  it('a late value that changes a column\'s kind makes the app read the rows again, with the final types', async () => {
    writeFileSync(join(folder.dir, 'late-changes.ndjson'), JSON_SHAPES.find(([label]) => label === 'late changes')![1].join('\n'));
    const columns = await appJson(join(folder.dir, 'late-changes.ndjson'), 'lines', 'app_late_json');
    expect(columns).toEqual([
      { name: 'n', type: 'VARCHAR' },
      { name: 'later', type: 'VARCHAR' },
      { name: 's', type: 'STRUCT("a" BIGINT, "b" BOOLEAN)' },
      { name: 'late key', type: 'BIGINT' },
    ]);
    expect(wasm.rows('SELECT n FROM app_late_json WHERE "late key" = 1')).toEqual([['"oops"']]);
  });
});

type ParquetWasm = typeof ParquetWasmModule;
async function parquetWasm(): Promise<ParquetWasm> {
  const module = await import('parquet-wasm/esm');
  const require = createRequire(import.meta.url);
  await module.default({ module_or_path: readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')) });
  return module;
}
