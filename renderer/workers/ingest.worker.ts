/// <reference lib="webworker" />
import initParquet, { ParquetFile } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { IngestMessage, IngestRequest, IngestSource } from '../../shared/ingest-contract.ts';
import { JsonRowsScanner } from '../../shared/json-rows.ts';

/**
 * Decodes Parquet (via parquet-wasm, one row group at a time, reading the file lazily) and NDJSON
 * (validated line by line, re-chunked as JSON arrays) off the UI thread. One chunk is in flight at a
 * time: the worker waits for the UI's ack before decoding the next, so memory stays bounded.
 */
declare const self: DedicatedWorkerGlobalScope;

let parquetReady: Promise<unknown> | undefined;
/** Rows of the first slice of a Parquet file, read before the rest of its first row group. */
const FIRST_SLICE_ROWS = 10_000;
const jobs = new Map<number, { cancelled: boolean; ack?: () => void }>();

function blobOf(source: IngestSource & { kind: 'blob' }): Blob {
  if (!(source.blob instanceof Blob)) throw new Error('the file handle was not passed as a Blob');
  return source.blob;
}

const post = (message: IngestMessage, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = (event: MessageEvent<IngestRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'cancel': {
      const job = jobs.get(request.id);
      if (job) {
        job.cancelled = true;
        job.ack?.();
      }
      return;
    }
    case 'ack':
      jobs.get(request.id)?.ack?.();
      return;
    case 'warmup':
      parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
      return;
    case 'json-scan':
      scanJsonArray(request.id, request.source).catch((e: unknown) => post({ type: 'error', id: request.id, message: e instanceof Error ? e.message : String(e) }));
      return;
    case 'parquet':
    case 'ndjson': {
      jobs.set(request.id, { cancelled: false });
      const run = request.type === 'parquet' ? readParquet(request.id, request.source) : readNdjson(request.id, request.source, request.chunkBytes);
      run
        .catch((e: unknown) => post({ type: 'error', id: request.id, message: e instanceof Error ? e.message : String(e) }))
        .finally(() => jobs.delete(request.id));
      return;
    }
  }
};

/** Resolves when the UI acks the last chunk; false when the job was cancelled meanwhile. */
function waitForAck(id: number): Promise<boolean> {
  const job = jobs.get(id);
  if (!job || job.cancelled) return Promise.resolve(false);
  return new Promise((resolve) => {
    job.ack = () => {
      job.ack = undefined;
      resolve(!job.cancelled);
    };
  });
}

async function readParquet(id: number, source: IngestSource): Promise<void> {
  parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
  await parquetReady;
  let file: ParquetFile;
  try {
    file = source.kind === 'blob' ? await ParquetFile.fromFile(blobOf(source)) : await ParquetFile.fromUrl(source.url);
  } catch (e) {
    throw new Error(`not a readable Parquet file: ${describeParquetError(e)}`, { cause: e });
  }
  const meta = file.metadata();
  const groups = meta.numRowGroups();
  const rows = Number(meta.fileMetadata().numRows());
  post({ type: 'meta', id, rows, chunks: groups, columns: [] });
  // The first rows come from a small slice of the first row group, so the grid shows them at once.
  const plan: { group: number; offset?: number; limit?: number }[] = [];
  for (let g = 0; g < groups; g++) {
    const groupRows = Number(meta.rowGroup(g).numRows());
    if (g === 0 && groupRows > FIRST_SLICE_ROWS * 2) plan.push({ group: 0, limit: FIRST_SLICE_ROWS }, { group: 0, offset: FIRST_SLICE_ROWS });
    else plan.push({ group: g });
  }
  if (plan.length === 0) plan.push({ group: -1 }); // no row groups: the schema alone
  let done = 0;
  for (const [index, part] of plan.entries()) {
    let ipc: Uint8Array;
    let partRows: number;
    try {
      const options = part.group < 0 ? {} : { rowGroups: [part.group], ...(part.offset !== undefined ? { offset: part.offset } : {}), ...(part.limit !== undefined ? { limit: part.limit } : {}) };
      const table = await file.read(options);
      partRows = table.recordBatches().reduce((n, b) => n + b.numRows, 0);
      ipc = table.intoIPCStream();
    } catch (e) {
      throw new Error(`row group ${part.group + 1} of ${groups} cannot be read: ${describeParquetError(e)}`, { cause: e });
    }
    done += partRows;
    const copy = ipc.slice();
    post({ type: 'chunk', id, index, rows: partRows, arrowIpc: copy, doneFraction: rows > 0 ? done / rows : 1 }, [copy.buffer]);
    if (!(await waitForAck(id))) return;
  }
  post({ type: 'done', id, rows: done });
}

function describeParquetError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/EOF|eof|out of range|too small|size/i.test(text)) return `the file is truncated or damaged (${text})`;
  return text;
}

async function openSource(source: IngestSource): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
  const stream = source.kind === 'blob' ? blobOf(source).stream() : (await fetch(source.url)).body;
  if (!stream) throw new Error('the file cannot be read');
  return stream;
}

/** A JSON array of objects: its keys in file order, the first field that changes kind, or what is wrong with it. */
async function scanJsonArray(id: number, source: IngestSource): Promise<void> {
  const reader = (await openSource(source)).pipeThrough(new TextDecoderStream('utf-8', { fatal: true })).getReader();
  const scanner = new JsonRowsScanner('array');
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!scanner.feed(value)) break;
    }
  } catch {
    post({ type: 'error', id, line: scanner.line, message: `line ${scanner.line}: the text is not valid UTF-8` });
    return;
  }
  const problem = scanner.finish();
  if (problem) post({ type: 'error', id, message: problem.message, ...(problem.message.startsWith('the file') ? {} : { line: problem.line }) });
  else post({ type: 'json-scanned', id, keys: scanner.keys, conflict: scanner.conflict });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode whole lines of bytes; on bad UTF-8, name the exact line (lines before `bytes` start: `linesBefore`). */
function decodeLines(bytes: Uint8Array, linesBefore: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    let start = 0;
    for (let line = linesBefore + 1; start <= bytes.length; line++) {
      const end = bytes.indexOf(10, start);
      const stop = end < 0 ? bytes.length : end;
      try {
        utf8.decode(bytes.subarray(start, stop));
      } catch {
        throw Object.assign(new Error(`line ${line}: the text is not valid UTF-8`), { line });
      }
      start = stop + 1;
    }
    throw new Error('the text is not valid UTF-8');
  }
}

async function readNdjson(id: number, source: IngestSource, chunkBytes: number): Promise<void> {
  const size = source.kind === 'blob' ? source.blob.size : 0;
  const reader = (await openSource(source)).getReader();
  const encoder = new TextEncoder();
  const scanner = new JsonRowsScanner('lines');
  let pending: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  let lineNo = 0;
  let parts: string[] = [];
  let partBytes = 0;
  let chunkIndex = 0;
  let totalRows = 0;
  let bytesRead = 0;

  const flush = async (): Promise<boolean> => {
    if (parts.length === 0) return true;
    const bytes = encoder.encode(`[${parts.join(',')}]`);
    totalRows += parts.length;
    post(
      { type: 'chunk', id, index: chunkIndex++, rows: parts.length, jsonArray: bytes, doneFraction: size > 0 ? Math.min(1, bytesRead / size) : 0, keys: [...scanner.keys], conflict: scanner.conflict },
      [bytes.buffer],
    );
    parts = [];
    partBytes = 0;
    return waitForAck(id);
  };

  const takeLine = (line: string): void => {
    lineNo++;
    const text = line.trim();
    if (!scanner.feed(line + '\n')) throw Object.assign(new Error(`line ${lineNo}: ${scanner.problem?.message ?? 'cannot be read'}`), { line: lineNo });
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw Object.assign(new Error(`line ${lineNo}: invalid JSON (${e instanceof Error ? e.message : String(e)})`), { line: lineNo });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw Object.assign(new Error(`line ${lineNo}: expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`), { line: lineNo });
    }
    parts.push(text);
    partBytes += text.length + 1;
  };

  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (jobs.get(id)?.cancelled) return;
      bytesRead += value.length;
      const bytes = pending.length === 0 ? value : concat(pending, value);
      const lastNewline = bytes.lastIndexOf(10);
      if (lastNewline < 0) {
        pending = bytes;
        continue;
      }
      const lines = decodeLines(bytes.subarray(0, lastNewline), lineNo).split('\n');
      pending = bytes.slice(lastNewline + 1);
      for (const line of lines) takeLine(line);
      if (partBytes >= chunkBytes && !(await flush())) return;
    }
    if (pending.length > 0) takeLine(decodeLines(pending, lineNo));
    if (!(await flush())) return;
  } catch (e) {
    const line = (e as { line?: number }).line;
    post({ type: 'error', id, message: e instanceof Error ? e.message : String(e), ...(line !== undefined ? { line } : {}) });
    return;
  }
  post({ type: 'done', id, rows: totalRows, keys: scanner.keys });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
