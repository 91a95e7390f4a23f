import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

/**
 * Starts DuckDB-WASM in its Web Worker from files bundled with the app (no CDN), and turns off
 * extension autoload/autoinstall: offline, a download attempt would hang or crash the engine. (The
 * first-use cost of its code paths is paid by `warm-up.ts`, which the workbench starts.)
 */
export async function startDuckDb(): Promise<duckdb.AsyncDuckDB> {
  const worker = new Worker(ehWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(ehWasm);
  await db.open({
    query: { castBigIntToDouble: false, castDecimalToDouble: false },
    allowUnsignedExtensions: false,
  });
  const conn = await db.connect();
  try {
    await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
  } finally {
    await conn.close();
  }
  return db;
}
