/// <reference lib="webworker" />
import initParquet, { ParquetFile } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { IngestMessage, IngestRequest, IngestSource } from '../../shared/ingest-contract.ts';
import { JsonRowsError } from '../../shared/json-row-reader.ts';
import { jsonChunks } from './json-chunks.ts';

/**
 * Decodes Parquet (via parquet-wasm, one row group at a time, reading the file lazily) and JSON rows
 * (arrays of objects and NDJSON, streamed: parsed, typed as read_json types them and built into Arrow
 * chunks, `json-chunks.ts`) off the UI thread. Memory stays bounded: a JSON chunk is decoded only after
 * the UI acked the one before; a Parquet row group is decoded while the UI inserts the one before (the
 * two run on different threads), and posted once that one is acked.
 */
declare const self: DedicatedWorkerGlobalScope;

let parquetReady: Promise<unknown> | undefined;
/** Rows of the first slice of a Parquet file, read before the rest of its first row group. */
const FIRST_SLICE_ROWS = 2_000;
interface Job {
  cancelled: boolean;
  /** Chunks posted and not yet acked by the UI. */
  unacked: number;
  /** Called on each ack and on cancel. */
  wake?: () => void;
}
const jobs = new Map<number, Job>();

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
        job.wake?.();
      }
      return;
    }
    case 'ack': {
      const job = jobs.get(request.id);
      if (job) {
        job.unacked = Math.max(0, job.unacked - 1);
        job.wake?.();
      }
      return;
    }
    case 'warmup':
      parquetReady ??= initParquet({ module_or_path: parquetWasmUrl });
      return;
    case 'parquet':
    case 'json': {
      jobs.set(request.id, { cancelled: false, unacked: 0 });
      const run = request.type === 'parquet' ? readParquet(request.id, request.source) : readJson(request.id, request.source, request.mode, request.chunkChars);
      run
        .catch((e: unknown) => post({ type: 'error', id: request.id, message: e instanceof Error ? e.message : String(e) }))
        .finally(() => jobs.delete(request.id));
      return;
    }
  }
};

/** Resolves when at most `inFlight` of the job's posted chunks are not yet acked; false when the job was cancelled meanwhile. */
function acked(id: number, inFlight: number): Promise<boolean> {
  const job = jobs.get(id);
  if (!job || job.cancelled) return Promise.resolve(false);
  if (job.unacked <= inFlight) return Promise.resolve(true);
  return new Promise((resolve) => {
    job.wake = () => {
      if (!job.cancelled && job.unacked > inFlight) return;
      job.wake = undefined;
      resolve(!job.cancelled);
    };
  });
}

/** Post a chunk (its bytes transferred), counted until the UI acks it. */
function postChunk(message: IngestMessage & { type: 'chunk' }): void {
  const job = jobs.get(message.id);
  if (job) job.unacked++;
  post(message, [message.arrowIpc.buffer]);
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
    // This row group was decoded while the UI inserted the one before: post it once that one is in.
    if (!(await acked(id, 0))) return;
    postChunk({ type: 'chunk', id, index, rows: partRows, arrowIpc: ipc.slice(), doneFraction: rows > 0 ? done / rows : 1 });
    // The first rows: decoding on while the UI shows them takes a core from it (2 cores: the UI, the engine, this
    // worker), so the next part waits until they are shown (the UI acks the first chunk then).
    if (index === 0 && plan.length > 1 && !(await acked(id, 0))) return;
  }
  if (!(await acked(id, 0))) return;
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

/** The file's text, as decoded pieces that end on a line (NDJSON) or anywhere (arrays); bad UTF-8 names its line. */
async function* fileTexts(source: IngestSource, wholeLines: boolean): AsyncGenerator<string> {
  const reader = (await openSource(source)).getReader();
  let pending: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  let lines = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const bytes = pending.length === 0 ? value : concat(pending, value);
    const cut = wholeLines ? bytes.lastIndexOf(10) + 1 : bytes.length;
    pending = bytes.slice(cut);
    if (cut === 0) continue;
    const text = wholeLines ? decodeLines(bytes.subarray(0, cut), lines) : decodeStream(decoder, bytes, lines);
    lines += countLines(text);
    yield text;
  }
  if (pending.length > 0) yield decodeLines(pending, lines);
  else if (!wholeLines) yield decodeStream(decoder, new Uint8Array(0), lines, true);
}

function decodeStream(decoder: TextDecoder, bytes: Uint8Array, linesBefore: number, end = false): string {
  try {
    return decoder.decode(bytes, { stream: !end });
  } catch {
    throw new JsonRowsError('the text is not valid UTF-8', linesBefore + 1);
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

async function readJson(id: number, source: IngestSource, mode: 'array' | 'lines', chunkChars: number): Promise<void> {
  const size = source.kind === 'blob' ? source.blob.size : 0;
  try {
    const chunks = jsonChunks(mode, () => fileTexts(source, mode === 'lines'), chunkChars);
    for (;;) {
      if (jobs.get(id)?.cancelled) return;
      const next = await chunks.next();
      if (next.done) {
        post({ type: 'done', id, rows: next.value.rows, columns: next.value.columns, conflict: next.value.conflict, jsonText: next.value.jsonText });
        return;
      }
      const event = next.value;
      if (event.kind === 'restart') {
        post({ type: 'restart', id });
        continue;
      }
      const bytes = event.ipc.slice();
      // Characters read, against the file's bytes: close enough for a progress bar.
      const doneFraction = size > 0 ? Math.min(1, event.textRead / size) : 0;
      postChunk({ type: 'chunk', id, index: event.index, generation: event.generation, rows: event.rows, arrowIpc: bytes, columns: event.columns, doneFraction });
      if (!(await acked(id, 0))) return;
    }
  } catch (e) {
    const line = e instanceof JsonRowsError ? e.line : (e as { line?: number }).line;
    post({ type: 'error', id, message: e instanceof Error ? e.message : String(e), ...(line !== undefined ? { line } : {}) });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
