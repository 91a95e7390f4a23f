/// <reference lib="webworker" />
import initParquet, { ParquetFile } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { IngestMessage, IngestRequest, IngestSource } from '../../shared/ingest-contract.ts';

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

async function readNdjson(id: number, source: IngestSource, chunkBytes: number): Promise<void> {
  const stream = source.kind === 'blob' ? blobOf(source).stream() : (await fetch(source.url)).body;
  if (!stream) throw new Error('the file cannot be read');
  const size = source.kind === 'blob' ? source.blob.size : 0;
  const reader = stream.pipeThrough(new TextDecoderStream('utf-8', { fatal: true })).getReader();
  const encoder = new TextEncoder();
  let pending = '';
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
      { type: 'chunk', id, index: chunkIndex++, rows: parts.length, jsonArray: bytes, doneFraction: size > 0 ? Math.min(1, bytesRead / size) : 0 },
      [bytes.buffer],
    );
    parts = [];
    partBytes = 0;
    return waitForAck(id);
  };

  const takeLine = (line: string): void => {
    lineNo++;
    const text = line.trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw Object.assign(new Error(`line ${lineNo}: invalid JSON (${e instanceof Error ? e.message : String(e)})`), { line: lineNo });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw Object.assign(new Error(`line ${lineNo}: expected a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value}`), { line: lineNo });
    }
    parts.push(text);
    partBytes += text.length + 1;
  };

  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (jobs.get(id)?.cancelled) return;
      bytesRead += value.length; // characters ≈ bytes, for progress only
      const lines = (pending + value).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) takeLine(line);
      if (partBytes >= chunkBytes && !(await flush())) return;
    }
    if (pending.length > 0) takeLine(pending);
    if (!(await flush())) return;
  } catch (e) {
    const line = (e as { line?: number }).line;
    const message = e instanceof TypeError && /decode|encoded/i.test(e.message) ? `near line ${lineNo + 1}: the text is not valid UTF-8` : e instanceof Error ? e.message : String(e);
    post({ type: 'error', id, message, ...(line !== undefined ? { line } : {}) });
    return;
  }
  post({ type: 'done', id, rows: totalRows });
}
