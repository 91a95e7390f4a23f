/// <reference lib="webworker" />
import initParquet from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetReply, ParquetRequest } from './parquet-protocol.ts';
import { startParquetEncoding, type ParquetEncoding } from './parquet-encode.ts';

/**
 * Writes Parquet off the UI thread: batches come in as Arrow IPC bytes, Parquet bytes go out a row group at a
 * time. One chunk is in flight: the next waits until the page says it was written. One worker per export;
 * the page terminates it when the export ends or is cancelled.
 */
declare const self: DedicatedWorkerGlobalScope;

let encoding: Promise<ParquetEncoding> | null = null;
let written: (() => void) | null = null;

const post = (message: ParquetReply, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const fail = (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) });

function send(bytes: Uint8Array): Promise<void> {
  // Transfer a buffer the chunk owns whole; copy a view into a larger one.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  return new Promise((resolve) => {
    written = resolve;
    post({ type: 'chunk', bytes: own }, [own.buffer as ArrayBuffer]);
  });
}

self.onmessage = (event: MessageEvent<ParquetRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'start':
      encoding = initParquet({ module_or_path: parquetWasmUrl }).then(() => startParquetEncoding(request.compression, send));
      encoding.catch(fail);
      return;
    case 'batch':
      void encoding
        ?.then((e) => e.push(request.bytes))
        .then(() => post({ type: 'taken' }), fail);
      return;
    case 'end':
      void encoding
        ?.then((e) => e.finish())
        .then(() => post({ type: 'done' }), fail);
      return;
    case 'written': {
      const w = written;
      written = null;
      w?.();
      return;
    }
  }
};
