import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

/**
 * Starts DuckDB-WASM in its Web Worker from files bundled with the app (no CDN), and turns off
 * extension autoload/autoinstall: offline, a download attempt would hang or crash the engine.
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
  void warmUp(db);
  return db;
}

/**
 * The first CSV read in a fresh engine pays a one-time cost (about 0.5 s: the sniffer's code paths
 * are compiled on first use). Paying it at start-up, on a tiny in-memory file, keeps it off the
 * path from a file pick to its first rows.
 */
async function warmUp(db: duckdb.AsyncDuckDB): Promise<void> {
  const conn = await db.connect();
  try {
    await db.registerFileText('__sluice_warmup.csv', 'id,name,when,amount\n1,a,2024-01-01 10:00:00,1.5\n2,"b, c",2024-01-02 11:00:00,\n');
    await conn.query("SELECT * FROM sniff_csv('__sluice_warmup.csv', sample_size=4096)");
    await conn.query("SELECT * FROM read_csv('__sluice_warmup.csv') LIMIT 1");
  } catch {
    // Only an optimisation.
  } finally {
    await db.dropFile('__sluice_warmup.csv').catch(() => undefined);
    await conn.close();
  }
}
