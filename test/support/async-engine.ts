import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as duckdbTypes from '@duckdb/duckdb-wasm';

/**
 * The app's engine exactly as the renderer runs it — DuckDB-WASM's AsyncDuckDB with the engine in a
 * worker, queries sent, polled and cancelled across the worker boundary — but in Node: the worker
 * is a worker thread running DuckDB-WASM's own Node worker script. For tests of the engine client.
 */

const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node.cjs') as typeof duckdbTypes;
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node.cjs'));

type Listener = (event: { data: unknown }) => void;

/** The part of the Web Worker interface AsyncDuckDB uses, over a Node worker thread. */
class ThreadWorker {
  private readonly thread: Worker;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(script: string) {
    const bootstrap = `
      const { parentPort } = require('node:worker_threads');
      globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
      parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
      require(${JSON.stringify(script)});`;
    this.thread = new Worker(bootstrap, { eval: true });
    this.thread.on('message', (data: unknown) => this.emit('message', { data }));
    this.thread.on('error', (error: unknown) => this.emit('error', { data: error }));
    this.thread.on('exit', () => this.emit('close', { data: null }));
  }

  private emit(type: string, event: { data: unknown }): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  addEventListener(type: string, listener: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void {
    this.thread.postMessage(message, (transfer ?? []).filter((t) => t instanceof ArrayBuffer));
  }

  terminate(): void {
    void this.thread.terminate();
  }
}

export interface AsyncEngine {
  db: duckdbTypes.AsyncDuckDB;
  close(): Promise<void>;
}

/** Start the async engine the way `renderer/engine/bootstrap.ts` does (extensions never downloaded). */
export async function startAsyncEngine(): Promise<AsyncEngine> {
  const worker = new ThreadWorker(join(dist, 'duckdb-node-eh.worker.cjs'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker as unknown as ConstructorParameters<typeof duckdb.AsyncDuckDB>[1]);
  await db.instantiate(join(dist, 'duckdb-eh.wasm'));
  await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false } });
  const conn = await db.connect();
  await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
  await conn.close();
  return {
    db,
    close: async () => {
      await db.terminate();
    },
  };
}
