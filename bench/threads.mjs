#!/usr/bin/env node
// Does DuckDB-WASM's threaded build (`coi`) make Sluice's scans faster? An engine-level experiment
// behind the app's choice of the single-threaded `eh` build; see bench/CONTEXT.md ("Threads").
//
//   node bench/threads.mjs [--rows 2000000]    (uses the bench's generated CSV; run `npm run bench` once first)
//
// In headless Chromium with cross-origin isolation, on the same CSV, one fresh engine per variant:
//   eh          the app's engine: one thread, the file read lazily through a browser file handle
//   coi-handle  2 threads, lazy file handle (needs two fixes to DuckDB-WASM's worker, applied to copies here)
//   coi-buffer  2 threads, the whole file copied into WASM memory first (registerFileBuffer)
// and native DuckDB (@duckdb/node-api, 2 threads) on the same file. Prints seconds per step.
/* global window -- used in functions passed to page.evaluate, which run in the page */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { DuckDBInstance } from '@duckdb/node-api';
import { launchBrowser } from './web.mjs';

const require = createRequire(import.meta.url);
const rowsArg = process.argv.indexOf('--rows');
const rows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 8_000_000;
const label = rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : `${rows / 1000}k`;
const csv = resolve(`bench/.data/bench_${label}.csv`);
if (!existsSync(csv)) {
  console.error(`No ${csv}: run \`npm run bench -- --rows ${rows}\` once to generate it.`);
  process.exit(1);
}

const STEPS = {
  firstRows: "SELECT * FROM read_csv('data.csv') LIMIT 100",
  countFile: "SELECT count(*) FROM read_csv('data.csv')",
  load: "CREATE TABLE t AS SELECT * FROM read_csv('data.csv')",
  groupBy: 'SELECT category, count(*) AS n, avg(amount) AS avg_amount FROM t GROUP BY category ORDER BY category',
  sortLimit: 'SELECT * FROM t ORDER BY amount DESC LIMIT 100',
};

/**
 * Two fixes to DuckDB-WASM 1.32's `coi` workers, found by this experiment:
 * 1. registerFileHandle posts `dropFileHandle` (not `registerFileHandle`) to idle pthread workers, so
 *    threads started later never see the file ("No HTML5 file registered with name ...").
 * 2. A pthread's file read writes through a heap view made before the memory grew ("offset is out of bounds").
 * Each must match exactly once, so a new DuckDB-WASM version fails here instead of measuring something else.
 */
function patchWorker(source) {
  const register = 'for(let u of this.pthread.unusedWorkers)u.postMessage({cmd:"dropFileHandle",fileName:e})';
  let out = source;
  if (out.includes(register)) {
    out = out.replace(register, 'for(let u of this.pthread.unusedWorkers)u.postMessage({cmd:"registerFileHandle",fileName:e,fileHandle:t})');
  }
  const read = /(new FileReaderSync\(\)\.readAsArrayBuffer\(\w+\)\);return )(\w+)\.HEAPU8\.set\(/g;
  const matches = [...out.matchAll(read)];
  if (matches.length !== 1) throw new Error(`expected one file read in the coi worker, found ${matches.length}: DuckDB-WASM changed`);
  return out.replace(read, (_, head, m) => `${head}(${m}.wasmMemory&&${m}.HEAPU8.length!==${m}.wasmMemory.buffer.byteLength&&(${m}.HEAPU8=new Uint8Array(${m}.wasmMemory.buffer)),${m}.HEAPU8).set(`);
}

/** The page's code: one engine per call, each step timed in the page. */
const PAGE = `
import * as duckdb from '@duckdb/duckdb-wasm';
window.measure = async (variant, steps) => {
  const out = {};
  const coi = variant !== 'eh';
  let t = performance.now();
  const worker = new Worker(coi ? 'duckdb-browser-coi.worker.js' : 'duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(coi ? 'duckdb-coi.wasm' : 'duckdb-eh.wasm', coi ? 'duckdb-browser-coi.pthread.worker.js' : undefined);
  await db.open({ maximumThreads: coi ? 2 : 1 });
  const conn = await db.connect();
  await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
  out.instantiate = (performance.now() - t) / 1000;
  const file = document.getElementById('file').files[0];
  t = performance.now();
  if (variant === 'coi-buffer') {
    await db.registerFileBuffer('data.csv', new Uint8Array(await file.arrayBuffer()));
  } else {
    // With threads, register while only one runs, so the pthreads started afterwards receive the file.
    if (coi) await conn.query('SET threads = 1');
    await db.registerFileHandle('data.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    if (coi) await conn.query('SET threads = 2');
  }
  out.register = (performance.now() - t) / 1000;
  for (const [name, sql] of Object.entries(steps)) {
    t = performance.now();
    try {
      await conn.query(sql);
      out[name] = (performance.now() - t) / 1000;
    } catch (e) {
      out[name] = String(e.message ?? e).split('\\n')[0];
    }
  }
  await conn.close();
  await db.terminate();
  return out;
};
`;

async function servePage() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-threads-'));
  const dist = join(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), '..');
  for (const f of ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js', 'duckdb-coi.wasm']) copyFileSync(join(dist, f), join(dir, f));
  for (const f of ['duckdb-browser-coi.worker.js', 'duckdb-browser-coi.pthread.worker.js']) writeFileSync(join(dir, f), patchWorker(readFileSync(join(dist, f), 'utf8')));
  await build({ stdin: { contents: PAGE, resolveDir: process.cwd(), loader: 'js' }, bundle: true, format: 'iife', outfile: join(dir, 'page.js'), logLevel: 'error' });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><input type="file" id="file"><script src="page.js"></script>');
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer((req, res) => {
    const path = join(dir, new URL(req.url, 'http://x').pathname.replace(/^\/$/, '/index.html'));
    if (!path.startsWith(dir) || !existsSync(path)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream', 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    res.end(readFileSync(path));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => (server.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function native() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  const out = { instantiate: 0, register: 0 };
  for (const [name, sql] of Object.entries(STEPS)) {
    const t = performance.now();
    await conn.run(sql.replaceAll("'data.csv'", `'${csv.replaceAll("'", "''")}'`));
    out[name] = (performance.now() - t) / 1000;
  }
  conn.closeSync();
  instance.closeSync();
  return out;
}

const results = { native: await native() };
const page = await servePage();
const browser = await launchBrowser();
try {
  for (const variant of ['eh', 'coi-handle', 'coi-buffer']) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(page.url);
    await tab.locator('#file').setInputFiles(csv);
    results[variant] = await tab.evaluate(([v, steps]) => window.measure(v, steps), [variant, STEPS]);
    await context.close();
    console.error(`${variant} done`);
  }
} finally {
  await browser.close();
  page.close();
}

const names = ['instantiate', 'register', ...Object.keys(STEPS)];
const cell = (v) => (typeof v === 'number' ? v.toFixed(2).padStart(8) : String(v).slice(0, 24).padStart(24));
console.log(`${rows.toLocaleString('en-US')} rows, ${(statSync(csv).size / 1e6).toFixed(0)} MB CSV; seconds (ratio to native)`);
console.log(['step'.padEnd(12), ...Object.keys(results).map((k) => k.padStart(10).padEnd(18))].join(''));
for (const name of names) {
  const line = Object.values(results).map((r) => {
    const v = r[name];
    const n = results.native[name];
    return `${cell(v)}${typeof v === 'number' && n > 0 ? ` (${(v / n).toFixed(1)}×)`.padStart(10) : ''.padStart(10)}`;
  });
  console.log([name.padEnd(12), ...line].join(''));
}
