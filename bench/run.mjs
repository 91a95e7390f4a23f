#!/usr/bin/env node
// `npm run bench [-- --quick | --rows N]`: generate the data, measure native DuckDB, then the web app
// in headless Chromium, print the table and write bench/results/<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { ensureData } from './generate.mjs';
import { benchChecks } from './checks.mjs';
import { benchCli } from './cli.mjs';
import { benchNative } from './native.mjs';
import { benchPandas } from './pandas.mjs';
import { buildRows, renderTable, writeResults } from './report.mjs';
import { benchWebFile, CHROMIUM, launchBrowser, startServer } from './web.mjs';

const ROOT = join(import.meta.dirname, '..');
const PORT = 4174;
const DEFAULT_ROWS = 8_000_000;
const QUICK_ROWS = 300_000;
const RUNS = 3;

const USAGE = `usage: npm run bench [-- --quick | --rows N]
  (default)   ${DEFAULT_ROWS.toLocaleString('en-US')} rows (~510 MB CSV)
  --quick     ${QUICK_ROWS.toLocaleString('en-US')} rows, under a minute (CI smoke)
  --rows N    N rows`;

function parseArgs(argv) {
  let rows = DEFAULT_ROWS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') rows = QUICK_ROWS;
    else if (arg === '--rows' || arg.startsWith('--rows=')) {
      const value = arg.includes('=') ? arg.slice('--rows='.length) : argv[++i];
      rows = Number(value?.replaceAll('_', ''));
      if (!Number.isInteger(rows) || rows < 1000) throw new Error(`--rows needs a whole number of at least 1000, got ${value}`);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return { rows };
}

const started = performance.now();
const log = (line) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);

/** Things to stop however the run ends (server, browser), newest first. */
const cleanups = [];
async function cleanUp() {
  while (cleanups.length > 0) await cleanups.pop()().catch((e) => log(`cleanup: ${e.message}`));
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    log(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main() {
  const { rows } = parseArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const t0 = performance.now();

  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    log('dist/ is missing: building the renderer (npm run build:renderer) …');
    const build = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build:renderer failed');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);

  const data = await ensureData(rows, log);
  log(`data: ${relative(ROOT, data.csv)} (${(data.csvBytes / 2 ** 20).toFixed(0)} MB), ${relative(ROOT, data.parquet)} (${(data.parquetBytes / 2 ** 20).toFixed(0)} MB)${data.reused ? ', reused' : `, generated in ${data.seconds.toFixed(1)} s`}`);

  const loadRuns = rows >= 4_000_000 ? 1 : RUNS;
  // Whole processes (the CLI, the pandas script): one run each in --quick (so it stays under a minute) and for pandas at scale.
  const quick = rows === QUICK_ROWS;
  const processRuns = quick ? 1 : RUNS;
  const native = {};
  for (const kind of ['csv', 'parquet']) {
    log(`native DuckDB: ${kind} …`);
    native[kind] = await benchNative({ kind, path: data[kind], rows, runs: RUNS, loadRuns });
  }

  log('cli: sluice run against native DuckDB …');
  const cli = await benchCli({ csv: data.csv, runs: processRuns, log });
  log('checks: sluice validate against native DuckDB …');
  const checks = await benchChecks({ csv: data.csv, runs: processRuns, log });
  log('pandas: the generated pandas script against sluice run …');
  const pandas = await benchPandas({ configPath: cli.configPath, runs: quick ? 1 : loadRuns, log });

  log(`web: starting the server on port ${PORT} …`);
  const server = await startServer(ROOT, PORT);
  cleanups.push(async () => server.stop());
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const web = { chromium: browser.version() };
  for (const kind of ['csv', 'parquet']) {
    log(`web: ${kind} …`);
    web[kind] = await benchWebFile(browser, { url: server.url, path: data[kind], rows, table: data.table, runs: RUNS, ui: kind === 'csv', log });
  }
  await cleanUp();

  const table = buildRows(native, web, cli, checks, pandas);
  const result = {
    startedAt,
    seconds: (performance.now() - t0) / 1000,
    args: process.argv.slice(2),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      totalMemMB: Math.round(os.totalmem() / 2 ** 20),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      chromium: web.chromium,
      duckdbNative: native.csv.version,
      duckdbWasm: web.csv.engineVersion,
    },
    data: { rows, table: data.table, csvBytes: data.csvBytes, parquetBytes: data.parquetBytes, reused: data.reused, generateSeconds: data.seconds },
    settings: { runs: RUNS, loadRuns, processRuns, nativeThreads: 2, port: PORT },
    native,
    cli,
    checks,
    pandas,
    web,
    table,
  };
  const path = writeResults(result);
  console.log(`\nSluice bench: ${rows.toLocaleString('en-US')} rows; native DuckDB ${native.csv.version} (2 threads) vs DuckDB-WASM ${web.csv.engineVersion} in Chromium ${web.chromium}`);
  console.log(`${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; medians of ${RUNS} runs (load: ${loadRuns})\n`);
  console.log(renderTable(table));
  console.log(`\nResults: ${relative(ROOT, path)} (and bench/results/latest.json), ${result.seconds.toFixed(1)} s in all.`);
}

try {
  await main();
} catch (e) {
  console.error(interrupted ? '\nbench interrupted' : `\nbench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
