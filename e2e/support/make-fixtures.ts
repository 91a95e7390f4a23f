import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { tableFromArrays, tableToIPC, type Table } from 'apache-arrow';
import initParquet, { Table as WasmTable, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm/esm';

/** Deterministic test files, every format and every kind of bad input the app must survive. */

const require = createRequire(import.meta.url);
export const DATA_DIR = join(import.meta.dirname, '..', '.data');
const VERSION = '6';

/** A small deterministic PRNG so fixtures are identical on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STATES = ['CA', 'TX', 'NY', 'FL', 'WA', 'IL', 'AK', 'HI'];

export function airportsRows(): string[][] {
  const rand = rng(7);
  const rows: string[][] = [];
  for (let i = 0; i < 3376; i++) {
    const state = STATES[Math.floor(rand() * STATES.length)]!;
    rows.push([
      `A${String(i).padStart(4, '0')}`,
      `Airport ${i}${i % 97 === 0 ? ', "Intl"' : ''}`,
      `City ${i % 500}`,
      i % 50 === 0 ? '' : state,
      (20 + rand() * 40).toFixed(6),
      (-160 + rand() * 90).toFixed(6),
    ]);
  }
  return rows;
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

async function writeBigCsv(path: string, rows: number) {
  const out = createWriteStream(path);
  out.write('id,value,category,created_at,note\n');
  const rand = rng(42);
  const cats = ['alpha', 'beta', 'gamma', 'delta'];
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    const value = i % 100 === 0 ? '' : (rand() * 1000).toFixed(3);
    const day = 1 + (i % 28);
    buf += `${i},${value},${cats[i % 4]},2024-02-${String(day).padStart(2, '0')} 12:${String(i % 60).padStart(2, '0')}:00,row ${i}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await finished(out);
}

function flightsTable(rows: number): Table {
  const rand = rng(99);
  const id = new Int32Array(rows);
  const delay = new Float64Array(rows);
  const carrier: string[] = [];
  const origin: (string | null)[] = [];
  for (let i = 0; i < rows; i++) {
    id[i] = i + 1;
    delay[i] = Math.round((rand() * 120 - 20) * 10) / 10;
    carrier.push(['AA', 'DL', 'UA', 'WN'][i % 4]!);
    origin.push(i % 10 === 0 ? null : STATES[i % STATES.length]!);
  }
  return tableFromArrays({ flight_id: id, delay, carrier, origin });
}

async function writeParquetFile(path: string, table: Table, rowGroupSize: number) {
  const wasm = readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'));
  await initParquet({ module_or_path: wasm });
  const wasmTable = WasmTable.fromIPCStream(tableToIPC(table, 'stream'));
  const props = new WriterPropertiesBuilder().setMaxRowGroupSize(rowGroupSize).build();
  writeFileSync(path, writeParquet(wasmTable, props));
}

export async function makeFixtures(): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const stamp = join(DATA_DIR, `.version-${VERSION}`);
  if (existsSync(stamp)) return DATA_DIR;
  const file = (name: string) => join(DATA_DIR, name);

  const header = ['iata', 'name', 'city', 'state', 'latitude', 'longitude'];
  writeFileSync(file('airports.csv'), [header, ...airportsRows()].map((r) => r.map(csvField).join(',')).join('\n') + '\n');
  writeFileSync(file('states.csv'), 'state,state_name\nCA,California\nTX,Texas\nNY,New York\nFL,Florida\nWA,Washington\nIL,Illinois\nAK,Alaska\nHI,Hawaii\n');
  writeFileSync(file('people.tsv'), 'name\tage\tcity\nAda\t36\tLondon\nGrace\t45\tNew York\nLinus\t\tHelsinki\n');
  await writeBigCsv(file('big-1m.csv'), 1_000_000);

  await writeParquetFile(file('flights.parquet'), flightsTable(50_000), 10_000);
  const parquet = readFileSync(file('flights.parquet'));
  writeFileSync(file('truncated.parquet'), parquet.subarray(0, Math.floor(parquet.length / 2)));
  writeFileSync(file('zero.parquet'), '');

  const movies = Array.from({ length: 500 }, (_, i) => ({ title: `Movie ${i}`, year: 1950 + (i % 70), rating: i % 13 === 0 ? null : (i % 10) + 0.5, genres: ['Drama', 'Comedy'].slice(0, 1 + (i % 2)) }));
  writeFileSync(file('movies.json'), JSON.stringify(movies));
  writeFileSync(file('events.ndjson'), Array.from({ length: 1200 }, (_, i) => JSON.stringify({ event: i % 3 === 0 ? 'click' : 'view', user: `u${i % 50}`, ms: i * 7, ...(i % 100 === 0 ? { extra: true } : {}) })).join('\n') + '\n');
  writeFileSync(file('broken.ndjson'), '{"a":1}\n{"a":2}\n{"a":3,}\n');

  const arrowTable = tableFromArrays({ k: Int32Array.from({ length: 2000 }, (_, i) => i), label: Array.from({ length: 2000 }, (_, i) => `L${i % 7}`) });
  writeFileSync(file('table.arrow'), tableToIPC(arrowTable, 'file'));
  writeFileSync(file('stream.arrows'), tableToIPC(arrowTable, 'stream'));

  // Bad input.
  const ragged = ['a,b,c', ...Array.from({ length: 300 }, (_, i) => (i === 150 ? '1,2,3,4' : `${i},${i * 2},${i * 3}`))];
  writeFileSync(file('ragged.csv'), ragged.join('\n') + '\n');
  writeFileSync(file('unterminated.csv'), 'id,text\n' + Array.from({ length: 50 }, (_, i) => `${i},ok ${i}`).join('\n') + '\n51,"never closed\n52,more\n');
  writeFileSync(file('latin1.csv'), Buffer.from('name,city\nJos\xe9,M\xfcnchen\nFran\xe7ois,S\xe3o Paulo\n', 'latin1'));
  writeFileSync(file('empty.csv'), '');
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
  writeFileSync(file('binary.csv'), binary);
  writeFileSync(file('odd-names.csv'), 'select,"a ""quoted"" name",,dup,dup,Ünïcødé $col\n1,2,3,4,5,6\n7,8,9,10,11,12\n');

  // Trust: a value after the sniff sample, a cancellable large Parquet file, JSON key order and shapes.
  writeFileSync(file('late-decimal.csv'), ['id,x', ...Array.from({ length: 100_000 }, (_, i) => `${i + 1},${i + 1 === 50_000 ? '3.75' : i + 1}`)].join('\n') + '\n');
  await writeParquetFile(file('flights-3m.parquet'), flightsTable(3_000_000), 100_000);
  writeFileSync(file('key-order.json'), JSON.stringify([{ Title: 'First', 'US Gross': 1, Director: 'D' }, { Title: 'Second', 'US Gross': 2, Director: 'E', 'Creative Type': 'Fiction' }]));
  writeFileSync(file('object.json'), JSON.stringify({ a: 1, b: 2 }));
  writeFileSync(file('bad-utf8.ndjson'), Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]));
  // Integers a double cannot hold (2^53 + 1, the largest BIGINT), next to one it can.
  writeFileSync(file('bigints.csv'), 'id,label\n9007199254740992,two53\n9007199254740993,two53_plus_1\n9223372036854775807,max\n');
  // Values exactly on the histogram's bin edges (20 bins over [1, 2.9]: 1.095, 1.19, … 2.805).
  writeFileSync(file('edges.csv'), 'x\n1\n1.095\n1.19\n1.38\n2.425\n2.805\n2.9\n');

  writeFileSync(stamp, new Date().toISOString());
  return DATA_DIR;
}
