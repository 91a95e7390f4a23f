// Deterministic bench data: a CSV (ints, doubles, text, timestamps, some nulls) and a Parquet copy
// written by native DuckDB. Files are reused when they exist with the same size parameters.
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';

export const DATA_DIR = join(import.meta.dirname, '.data');
/** Bump when the generated content changes, so old files are not reused. */
const VERSION = 1;
const SEED = 20240501;
const ROW_GROUP_SIZE = 122880;

export const COLUMNS = ['id', 'category', 'amount', 'qty', 'score', 'created_at', 'note'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'nova', 'oscar', 'papa'];
const START_MS = Date.UTC(2023, 0, 1);

/** mulberry32: a small, fast, seeded PRNG (same files on every machine). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `8m`, `300k`, `2m`, or the plain number: part of the file (and so the table) name. */
export function sizeLabel(rows) {
  if (rows % 1_000_000 === 0) return `${rows / 1_000_000}m`;
  if (rows % 1_000 === 0) return `${rows / 1_000}k`;
  return String(rows);
}

const pad2 = (n) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD HH:MM:SS` in UTC, without allocating a Date per row for the time part. */
function timestamp(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/**
 * One row per line; the id column is the 1-based line number, so the last row's id is `rows`.
 * About 64 bytes a row: 8M rows ≈ 510 MB.
 */
async function writeCsv(path, rows) {
  const rand = rng(SEED);
  const out = createWriteStream(path);
  out.write(`${COLUMNS.join(',')}\n`);
  let lines = [];
  for (let i = 1; i <= rows; i++) {
    const category = WORDS[Math.floor(rand() * WORDS.length)];
    const amount = (rand() * 10000).toFixed(2);
    const qtyRoll = rand();
    const qty = qtyRoll < 0.03 ? '' : String(Math.floor(rand() * 1000));
    const scoreRoll = rand();
    const score = scoreRoll < 0.05 ? '' : (rand() * 200 - 100).toFixed(4);
    const created = timestamp(START_MS + i * 3000 + Math.floor(rand() * 3600) * 1000);
    const noteRoll = rand();
    const note = noteRoll < 0.1 ? '' : `${WORDS[Math.floor(rand() * WORDS.length)]} ${Math.floor(rand() * 65536).toString(16)}`;
    lines.push(`${i},${category},${amount},${qty},${score},${created},${note}`);
    if (lines.length === 16384) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise((resolve) => out.once('drain', resolve));
      lines = [];
    }
  }
  out.end(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await finished(out);
}

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

async function writeParquet(csvPath, parquetPath) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (SELECT * FROM read_csv(${sqlString(csvPath)})) TO ${sqlString(parquetPath)} (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * The bench files for `rows` rows: `{ csv, parquet, rows, table, csvBytes, parquetBytes, reused, seconds }`.
 * `table` is the dataset name the app gives both files (file name without extension).
 * @param {number} rows
 * @param {(line: string) => void} log
 */
export async function ensureData(rows, log) {
  mkdirSync(DATA_DIR, { recursive: true });
  const base = `bench_${sizeLabel(rows)}`;
  const csv = join(DATA_DIR, `${base}.csv`);
  const parquet = join(DATA_DIR, `${base}.parquet`);
  const metaPath = join(DATA_DIR, `${base}.meta.json`);
  const wanted = { version: VERSION, seed: SEED, rows, rowGroupSize: ROW_GROUP_SIZE };

  const started = performance.now();
  let reused = false;
  if (existsSync(metaPath) && existsSync(csv) && existsSync(parquet)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    reused = Object.entries(wanted).every(([k, v]) => meta[k] === v) && meta.csvBytes === statSync(csv).size && meta.parquetBytes === statSync(parquet).size;
  }
  if (!reused) {
    log(`generating ${rows.toLocaleString('en-US')} rows into ${csv} …`);
    await writeCsv(csv, rows);
    log(`writing the Parquet copy (native DuckDB, row groups of ${ROW_GROUP_SIZE}) …`);
    await writeParquet(csv, parquet);
    writeFileSync(metaPath, JSON.stringify({ ...wanted, csvBytes: statSync(csv).size, parquetBytes: statSync(parquet).size }, null, 2));
  }
  return {
    csv,
    parquet,
    rows,
    table: base,
    csvBytes: statSync(csv).size,
    parquetBytes: statSync(parquet).size,
    reused,
    seconds: (performance.now() - started) / 1000,
  };
}
