import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Table } from 'apache-arrow';

/** The real DuckDB-WASM engine, in Node, for unit tests. */

const require = createRequire(import.meta.url);
/** The part of duckdb-node-blocking's API these tests use (its typings are not reachable through the package's exports). */
interface BlockingConnection {
  query(sql: string): Table;
  prepare(sql: string): { close(): void };
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): void;
  insertJSONFromPath(path: string, options: { name: string; create?: boolean }): void;
  close(): void;
}
interface BlockingDuckDB {
  instantiate(): Promise<unknown>;
  open(config: object): void;
  connect(): BlockingConnection;
  reset(): void;
}
interface BlockingModule {
  createDuckDB(bundles: object, logger: unknown, runtime: unknown): Promise<BlockingDuckDB>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as BlockingModule;
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));

export interface TestEngine {
  /** Rows as plain arrays. Throws DuckDB's error text on failure. */
  rows(sql: string): unknown[][];
  /** Rows as objects keyed by column name. */
  objects(sql: string): Record<string, unknown>[];
  run(sql: string): void;
  /**
   * Run SQL as the app's engine client runs compiled queries: DuckDB must prepare it as one
   * statement first (throws its error otherwise), then it runs.
   */
  runCompiled(sql: string): Record<string, unknown>[];
  /** The error text DuckDB gives for this SQL (fails the test if it succeeds). */
  error(sql: string): string;
  /** Load Arrow IPC stream bytes into a new table, as the app's engine client does. */
  insertArrowIpc(table: string, bytes: Uint8Array): void;
  /** Load a JSON file (an array of objects) into a new table, as the app's engine client does. */
  insertJsonFile(table: string, path: string): void;
  close(): void;
}

export async function startEngine(): Promise<TestEngine> {
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({});
  const conn = db.connect();
  conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
  const toRows = (sql: string) => {
    const table = conn.query(sql);
    const cols = table.schema.fields.map((_, i) => table.getChildAt(i));
    return Array.from({ length: table.numRows }, (_, r) => cols.map((c) => c?.get(r) ?? null));
  };
  return {
    rows: toRows,
    objects: (sql) => {
      const table = conn.query(sql);
      const names = table.schema.fields.map((f) => f.name);
      return toRows(sql).map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
    },
    run: (sql) => void conn.query(sql),
    runCompiled: (sql) => {
      conn.prepare(sql).close();
      const table = conn.query(sql);
      const names = table.schema.fields.map((f) => f.name);
      const cols = table.schema.fields.map((_, i) => table.getChildAt(i));
      return Array.from({ length: table.numRows }, (_, r) => Object.fromEntries(names.map((n, i) => [n, cols[i]?.get(r) ?? null])));
    },
    error: (sql) => {
      try {
        conn.query(sql);
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      throw new Error(`expected an error from: ${sql}`);
    },
    insertArrowIpc: (table, bytes) => conn.insertArrowFromIPCStream(bytes, { name: table, create: true }),
    insertJsonFile: (table, path) => conn.insertJSONFromPath(path, { name: table, create: true }),
    close: () => {
      conn.close();
      db.reset();
    },
  };
}
