import * as duckdb from '@duckdb/duckdb-wasm';
import * as arrow from 'apache-arrow';
import { describeScanProblem, guessDelimiter, scanCsv } from '../../shared/csv-scan.ts';
import { csvOptionsProblem, delimiterHint, dialectFromSniffRow, readCsvArgs, readCsvResolvedSql, readCsvSql, SNIFF_SELECT, type CsvOptions } from '../../shared/csv-options.ts';
import { decideFormat, type FileFormat } from '../../shared/formats.ts';
import type { IngestMessage, IngestRequest, IngestSource } from '../../shared/ingest-contract.ts';
import { tableNameFor, tableNameProblem } from '../../shared/naming.ts';
import { errorMessage, type AppError, type Result } from '../../shared/result.ts';
import { ident, str } from '../../shared/sql/quote.ts';
import type { EngineClient } from '../engine/client.ts';
import { csvFixes } from './csv-errors.ts';
import { countRows, describeRelation } from './describe.ts';
import { initialState, Store, type AppState } from './store.ts';
import type { Dataset, FileSource, SniffedCsv } from './types.ts';

/** CSV files up to this size are copied into an engine table in the background for fast scans. */
export const DEFAULT_MATERIALIZE_LIMIT = 1536 * 1024 * 1024;

export interface WorkbenchOptions {
  /** Larger CSV files stay on disk and each query reads them (WASM memory is capped near 4 GB). */
  materializeLimit?: number;
}
/** Rows the first sniff samples: enough for the first rows' types; the full read sniffs as DuckDB does. */
const PREVIEW_SAMPLE_ROWS = 4096;
/** Read buffer for the first sniff and the preview view: DuckDB's default (32 MB) costs ~0.5 s per first read in the browser. */
const PREVIEW_BUFFER_BYTES = 2 * 1024 * 1024;
/** How long a CSV copy waits for the grid's first page before starting anyway. */
const FIRST_ROWS_GRACE_MS = 1500;
/** How much of a CSV file's start the structure scan reads. */
const SCAN_BYTES = 8 * 1024 * 1024;
const NDJSON_CHUNK_BYTES = 32 * 1024 * 1024;
const ARROW_CHUNK_ROWS = 256 * 1024;

interface Job {
  controller: AbortController;
  source?: FileSource;
  /** Resolved when the grid has shown this dataset's first rows. */
  firstRows: { promise: Promise<void>; resolve: () => void };
  /** Settles when the current load (or re-read) has finished, successfully or not. */
  settled: Promise<void>;
  /** Files registered with the engine for this dataset. */
  files: string[];
}

/**
 * Opens files as datasets and keeps the dataset list. Each dataset is a view named for the user
 * over either the file itself (lazy, first rows at once) or an internal table the file was copied into.
 */
export class Workbench {
  readonly store = new Store<AppState>(initialState);
  private nextId = 1;
  private nextErrorId = 1;
  private readonly jobs = new Map<number, Job>();
  private ingest: Worker | undefined;
  private readonly ingestListeners = new Map<number, (m: IngestMessage) => void>();

  private readonly materializeLimit: number;

  constructor(
    readonly engine: EngineClient,
    private readonly makeIngestWorker: () => Worker,
    options: WorkbenchOptions = {},
  ) {
    this.materializeLimit = options.materializeLimit ?? DEFAULT_MATERIALIZE_LIMIT;
  }

  // ---- state helpers -------------------------------------------------------

  dataset(id: number): Dataset | undefined {
    return this.store.get().datasets.find((d) => d.id === id);
  }

  private patch(id: number, patch: Partial<Dataset> | ((d: Dataset) => Partial<Dataset>)): void {
    this.store.update((s) => ({
      ...s,
      datasets: s.datasets.map((d) => (d.id === id ? { ...d, ...(typeof patch === 'function' ? patch(d) : patch) } : d)),
    }));
  }

  private fail(id: number, error: AppError): void {
    this.patch(id, { status: 'error', error, progress: null });
  }

  /** The grid reports that a dataset's first rows are on screen. */
  firstRowsShown(id: number): void {
    this.jobs.get(id)?.firstRows.resolve();
  }

  select(id: number | null): void {
    this.store.update((s) => ({ ...s, selectedId: id }));
  }

  dismissError(errorId: number): void {
    this.store.update((s) => ({ ...s, errors: s.errors.filter((e) => e.id !== errorId) }));
  }

  /** The engine table a dataset's rows live in, once they were copied there. */
  physicalTable(id: number): string | undefined {
    const d = this.dataset(id);
    return d && d.storage === 'table' && d.progress === null ? this.internalTable(id) : undefined;
  }

  private internalTable(id: number): string {
    return `__sluice_data_${id}`;
  }

  // ---- opening -------------------------------------------------------------

  async openFiles(sources: FileSource[]): Promise<void> {
    await Promise.all(sources.map((s) => this.open(s)));
  }

  async open(source: FileSource): Promise<number> {
    const id = this.nextId++;
    const taken = this.store.get().datasets.map((d) => d.name);
    const dataset: Dataset = {
      id,
      name: tableNameFor(source.name, taken),
      fileName: source.name,
      path: source.kind === 'url' ? source.path : null,
      format: 'csv',
      size: source.size,
      status: 'loading',
      columns: [],
      rowCount: null,
      rowsAvailable: null,
      storage: 'none',
      progress: { label: 'Opening…', fraction: null },
      error: null,
      notice: null,
      csvOptions: null,
      sniffed: null,
      version: 0,
    };
    const job: Job = { controller: new AbortController(), files: [], source, settled: Promise.resolve(), firstRows: signalOnce() };
    this.jobs.set(id, job);
    this.store.update((s) => ({ ...s, datasets: [...s.datasets, dataset], selectedId: id }));

    let head: Uint8Array;
    try {
      head = await readHead(source);
    } catch (e) {
      this.fail(id, { kind: 'io', file: source.name, message: `${source.name}: cannot be read (${errorMessage(e)}).` });
      return id;
    }
    const decision = decideFormat(source.name, head, source.size);
    if (!decision.ok) {
      this.fail(id, { kind: 'format', file: source.name, message: `${source.name}: cannot open: ${decision.reason}.` });
      return id;
    }
    this.patch(id, { format: decision.format });
    job.settled = this.load(id, decision.format, source, job).catch((e: unknown) => {
      // Loaders report their errors as data; this is the last line of defence.
      this.fail(id, { kind: 'internal', file: source.name, message: `${source.name}: ${errorMessage(e)}` });
    });
    await job.settled;
    return id;
  }

  private async load(id: number, format: FileFormat, source: FileSource, job: Job): Promise<void> {
    switch (format) {
      case 'csv': {
        const path = await this.register(id, source, job);
        const hint = delimiterHint(source.name);
        return this.loadCsv(id, path, hint ? { delimiter: hint } : {}, job);
      }
      case 'json': {
        const path = await this.register(id, source, job);
        return this.loadJson(id, path, job);
      }
      case 'parquet':
        return this.loadStreamed(id, source, 'parquet', job);
      case 'ndjson':
        return this.loadStreamed(id, source, 'ndjson', job);
      case 'arrow':
        return this.loadArrow(id, source, job);
    }
  }

  private async register(id: number, source: FileSource, job: Job): Promise<string> {
    const path = `f${id}_${source.name.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
    if (source.kind === 'blob') {
      await this.engine.db.registerFileHandle(path, source.blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    } else {
      await this.engine.db.registerFileURL(path, source.url, duckdb.DuckDBDataProtocol.HTTP, false);
    }
    job.files.push(path);
    return path;
  }

  // ---- CSV -----------------------------------------------------------------

  private async loadCsv(id: number, path: string, options: CsvOptions, job: Job): Promise<void> {
    const ds = this.dataset(id);
    if (!ds) return;
    const file = ds.fileName;
    const signal = job.controller.signal;
    const problem = csvOptionsProblem(options);
    if (problem) return this.fail(id, { kind: 'options', file, message: `${file}: ${problem}` });
    this.patch(id, { csvOptions: options, status: 'loading', error: null, notice: null, progress: { label: 'Detecting the CSV dialect…', fraction: null } });

    let sniffed = await this.sniffCsv(path, options, signal, true);
    if (!sniffed.ok && sniffed.error.kind !== 'cancelled') sniffed = await this.sniffCsv(path, options, signal, false);
    const structural = await this.scanStructure(id, options, sniffed.ok ? sniffed.value : null);
    if (structural) return this.fail(id, structural);
    if (!sniffed.ok) return this.failCsv(id, sniffed.error);

    // First rows at once: a view bound to the dialect just sniffed (no sniffing on each query).
    const preview = readCsvResolvedSql(path, options, sniffed.value, ds.size > PREVIEW_BUFFER_BYTES ? PREVIEW_BUFFER_BYTES : undefined);
    const created = await this.engine.run(`CREATE OR REPLACE VIEW ${ident(this.currentName(id))} AS SELECT * FROM ${preview}`, { signal });
    if (!created.ok) return this.failCsv(id, created.error);
    // The dataset itself is read the way DuckDB reads the file by default (the CLI reads it the same way).
    const read = readCsvSql(path, options);

    const materialize = ds.size <= this.materializeLimit;
    this.patch(id, (d) => ({
      status: 'ready',
      sniffed: sniffed.value,
      columns: sniffed.value.columns,
      storage: 'file',
      rowCount: null,
      rowsAvailable: null,
      version: d.version + 1,
      notice: materialize ? null : `${file} is large: it stays on disk and each query reads it.`,
      progress: { label: materialize ? 'Loading all rows…' : 'Counting rows…', fraction: null },
    }));

    // Let the grid's first page through before the long copy occupies the engine.
    await Promise.race([job.firstRows.promise, new Promise((resolve) => setTimeout(resolve, FIRST_ROWS_GRACE_MS))]);
    if (materialize) {
      const table = this.internalTable(id);
      const copied = await this.engine.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${read}`, { signal });
      if (!copied.ok) return this.failCsv(id, copied.error);
      const swapped = await this.engine.run(`CREATE OR REPLACE VIEW ${ident(this.currentName(id))} AS SELECT * FROM ${ident(table)}`, { signal });
      if (!swapped.ok) return this.fail(id, { ...swapped.error, file });
      const count = await countRows(this.engine, table, signal);
      if (!count.ok) return this.fail(id, { ...count.error, file });
      const final = await describeRelation(this.engine, table, signal);
      if (!final.ok) return this.fail(id, { ...final.error, file });
      this.patch(id, (d) => ({ storage: 'table', columns: final.value, rowCount: count.value, rowsAvailable: count.value, progress: null, version: d.version + 1 }));
    } else {
      const view = await this.engine.run(`CREATE OR REPLACE VIEW ${ident(this.currentName(id))} AS SELECT * FROM ${read}`, { signal });
      if (!view.ok) return this.failCsv(id, view.error);
      const final = await describeRelation(this.engine, this.currentName(id), signal);
      if (!final.ok) return this.failCsv(id, final.error);
      this.patch(id, (d) => ({ columns: final.value, version: d.version + 1 }));
      const count = await countRows(this.engine, this.currentName(id), signal);
      if (!count.ok) return this.failCsv(id, count.error);
      this.patch(id, { rowCount: count.value, rowsAvailable: count.value, progress: null });
    }
  }

  /**
   * DuckDB's sniffer gives up on irregular files without naming a line, or reads them as one text
   * column. When that happens, or the start of the file has a quote that never closes, scan the
   * text and name the line.
   */
  private async scanStructure(id: number, options: CsvOptions, sniffed: SniffedCsv | null): Promise<AppError | null> {
    const job = this.jobs.get(id);
    const ds = this.dataset(id);
    if (!job?.source || !ds) return null;
    const suspicious = sniffed === null || (sniffed.columns.length === 1 && options.delimiter === undefined);
    const small = ds.size <= SCAN_BYTES;
    if (!suspicious && !small) return null;
    let text: string;
    try {
      text = new TextDecoder(options.encoding === 'latin-1' ? 'latin1' : options.encoding === 'utf-16' ? 'utf-16le' : 'utf-8').decode(await readHead(job.source, SCAN_BYTES));
    } catch {
      return null;
    }
    const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
    const delimiter = options.delimiter ?? (sniffed && sniffed.columns.length > 1 ? sniffed.delimiter : guessDelimiter(firstLine));
    if (!delimiter) return null;
    const quote = options.quote ?? '"';
    const problem = scanCsv(text, delimiter, quote, small, options.skip ?? 0);
    // Where the sniffer found a dialect, DuckDB reports ragged rows itself; only an open quote is ours to name.
    if (!problem || (!suspicious && problem.kind === 'ragged')) return null;
    const fixes = problem.kind === 'unterminated-quote' ? ['quotes-as-text'] : problem.fields < problem.expected ? ['pad-columns', 'skip-bad-rows'] : ['skip-bad-rows'];
    return {
      kind: 'csv-structure',
      file: ds.fileName,
      line: problem.line,
      message: `${ds.fileName} (line ${problem.line}): ${describeScanProblem(problem)}.`,
      fixes: fixes.map((f) => `${f}|${delimiter}`),
    };
  }

  private currentName(id: number): string {
    return this.dataset(id)?.name ?? '';
  }

  private failCsv(id: number, error: AppError): void {
    if (error.kind === 'cancelled') return;
    const file = this.dataset(id)?.fileName ?? '';
    const where = error.line !== undefined ? ` (line ${error.line})` : '';
    const fixes = csvFixes(error);
    this.fail(id, { ...error, file, message: `${file}${where}: ${error.message}`, fixes });
  }

  /** DuckDB's sniffer on the file; `quick` samples only the start (fast first rows), else as read_csv does. */
  private async sniffCsv(path: string, options: CsvOptions, signal: AbortSignal, quick: boolean): Promise<Result<SniffedCsv>> {
    const limits = quick ? `, sample_size=${PREVIEW_SAMPLE_ROWS}, buffer_size=${PREVIEW_BUFFER_BYTES}` : '';
    const sql = `SELECT ${SNIFF_SELECT} FROM sniff_csv(${str(path)}${readCsvArgs(options)}${limits})`;
    const rows = await this.engine.rows(sql, { signal });
    if (!rows.ok) return rows;
    const r = rows.value[0];
    if (!r) return { ok: false, error: { kind: 'csv', message: 'the CSV sniffer found nothing to read' } };
    return { ok: true, value: dialectFromSniffRow(r) };
  }

  /** Re-read a CSV dataset with new options. */
  async reapplyCsv(id: number, options: CsvOptions): Promise<void> {
    const ds = this.dataset(id);
    const job = this.jobs.get(id);
    if (!ds || !job || ds.format !== 'csv') return;
    job.controller.abort();
    job.controller = new AbortController();
    const path = job.files[0];
    if (!path) return;
    await job.settled;
    job.settled = this.loadCsv(id, path, options, job);
    await job.settled;
  }

  /** Apply one of the offered fixes ("<fix>" or "<fix>|<delimiter>") to a CSV dataset. */
  async applyFix(id: number, offered: string): Promise<void> {
    const current = this.dataset(id)?.csvOptions ?? {};
    const next: CsvOptions = { ...current };
    const [fix, delimiter] = offered.split('|');
    if (delimiter) next.delimiter = delimiter;
    if (fix === 'quotes-as-text') next.quote = '';
    if (fix === 'encoding-latin-1') next.encoding = 'latin-1';
    if (fix === 'skip-bad-rows') next.ignoreErrors = true;
    if (fix === 'pad-columns') next.nullPadding = true;
    if (fix === 'all-text') next.allVarchar = true;
    await this.reapplyCsv(id, next);
  }

  // ---- JSON (array of objects) -------------------------------------------------

  private async loadJson(id: number, path: string, job: Job): Promise<void> {
    const file = this.dataset(id)?.fileName ?? '';
    this.patch(id, { progress: { label: 'Reading JSON…', fraction: null } });
    const table = this.internalTable(id);
    const inserted = await this.engine.insertJsonFile(table, path);
    if (job.controller.signal.aborted) return;
    if (!inserted.ok) return this.fail(id, { ...inserted.error, file, message: `${file}: ${inserted.error.message}` });
    await this.publishTable(id, table, job.controller.signal);
  }

  /** Point the dataset's view at a fully loaded internal table and count it. */
  private async publishTable(id: number, table: string, signal: AbortSignal): Promise<void> {
    const file = this.dataset(id)?.fileName ?? '';
    const view = await this.engine.run(`CREATE OR REPLACE VIEW ${ident(this.currentName(id))} AS SELECT * FROM ${ident(table)}`, { signal });
    if (!view.ok) return this.fail(id, { ...view.error, file, message: `${file}: ${view.error.message}` });
    const columns = await describeRelation(this.engine, table, signal);
    const count = await countRows(this.engine, table, signal);
    if (!columns.ok) return this.fail(id, { ...columns.error, file });
    if (!count.ok) return this.fail(id, { ...count.error, file });
    this.patch(id, (d) => ({
      status: 'ready',
      columns: columns.value,
      rowCount: count.value,
      rowsAvailable: count.value,
      storage: 'table',
      progress: null,
      version: d.version + 1,
    }));
  }

  // ---- Parquet and NDJSON via the ingest worker ------------------------------

  /** Start the ingest worker and compile its decoders while the user picks a file. */
  warmUp(): void {
    this.ingestWorker().postMessage({ type: 'warmup', id: 0 } satisfies IngestRequest);
  }

  private ingestWorker(): Worker {
    if (!this.ingest) {
      this.ingest = this.makeIngestWorker();
      this.ingest.onmessage = (e: MessageEvent<IngestMessage>) => this.ingestListeners.get(e.data.id)?.(e.data);
    }
    return this.ingest;
  }

  private loadStreamed(id: number, source: FileSource, kind: 'parquet' | 'ndjson', job: Job): Promise<void> {
    const file = source.name;
    const table = this.internalTable(id);
    const worker = this.ingestWorker();
    const ingestSource: IngestSource = source.kind === 'blob' ? { kind: 'blob', blob: source.blob, name: file } : { kind: 'url', url: source.url, name: file };
    const signal = job.controller.signal;
    const chunkTables: string[] = [];
    let rowsIn = 0;
    let expectedRows: number | null = null;

    return new Promise<void>((resolve) => {
      const finish = () => {
        this.ingestListeners.delete(id);
        resolve();
      };
      signal.addEventListener('abort', () => {
        worker.postMessage({ type: 'cancel', id } satisfies IngestRequest);
        finish();
      }, { once: true });

      let queue = Promise.resolve();
      const handle = async (m: IngestMessage): Promise<void> => {
        if (signal.aborted) return;
        switch (m.type) {
          case 'meta':
            expectedRows = m.rows;
            this.patch(id, { rowCount: m.rows, progress: { label: `Reading ${m.chunks} row group${m.chunks === 1 ? '' : 's'}…`, fraction: 0 } });
            return;
          case 'chunk': {
            const inserted = m.arrowIpc
              ? await this.engine.insertArrowIpc(table, m.arrowIpc, m.index === 0)
              : await this.insertJsonChunk(id, m.index, m.jsonArray ?? new Uint8Array(), chunkTables);
            if (!inserted.ok) {
              worker.postMessage({ type: 'cancel', id } satisfies IngestRequest);
              this.fail(id, { ...inserted.error, file, message: `${file}: ${inserted.error.message}` });
              return finish();
            }
            rowsIn += m.rows;
            if (m.index === 0) {
              const first = kind === 'parquet' ? table : chunkTables[0]!;
              const view = await this.engine.run(`CREATE OR REPLACE VIEW ${ident(this.currentName(id))} AS SELECT * FROM ${ident(first)}`);
              const columns = await describeRelation(this.engine, first);
              if (!view.ok || !columns.ok) {
                const error = !view.ok ? view.error : !columns.ok ? columns.error : undefined;
                this.fail(id, { kind: 'engine', file, message: `${file}: ${error?.message ?? 'cannot be read'}` });
                return finish();
              }
              this.patch(id, (d) => ({ status: 'ready', columns: columns.value, storage: 'table', version: d.version + 1 }));
              // The engine runs one thing at a time: let the grid's first page through before the next chunk.
              await Promise.race([job.firstRows.promise, new Promise((resolve) => setTimeout(resolve, FIRST_ROWS_GRACE_MS))]);
            }
            this.patch(id, (d) => ({
              rowsAvailable: kind === 'parquet' ? rowsIn : (chunkTables.length === 1 ? rowsIn : d.rowsAvailable),
              progress: { label: `Loaded ${rowsIn.toLocaleString('en-US')}${expectedRows !== null ? ` of ${expectedRows.toLocaleString('en-US')}` : ''} rows…`, fraction: m.doneFraction },
            }));
            worker.postMessage({ type: 'ack', id } satisfies IngestRequest);
            return;
          }
          case 'done':
            if (kind === 'ndjson') {
              const merged = await this.mergeChunks(table, chunkTables);
              if (!merged.ok) {
                this.fail(id, { ...merged.error, file, message: `${file}: ${merged.error.message}` });
                return finish();
              }
              if (chunkTables.length === 0) {
                this.fail(id, { kind: 'json', file, message: `${file}: the file has no JSON objects.` });
                return finish();
              }
            }
            await this.publishTable(id, table, signal);
            return finish();
          case 'error': {
            const where = m.line !== undefined ? ` line ${m.line}` : '';
            this.fail(id, { kind: kind, file, ...(m.line !== undefined ? { line: m.line } : {}), message: `${file}${where ? ',' + where : ''}: ${m.message.replace(/^line \d+: /, '')}` });
            return finish();
          }
        }
      };
      this.ingestListeners.set(id, (m) => {
        queue = queue.then(() => handle(m)).catch((e: unknown) => {
          this.fail(id, { kind: 'internal', file, message: `${file}: ${errorMessage(e)}` });
          finish();
        });
      });
      worker.postMessage(
        kind === 'parquet'
          ? ({ type: 'parquet', id, source: ingestSource } satisfies IngestRequest)
          : ({ type: 'ndjson', id, source: ingestSource, chunkBytes: NDJSON_CHUNK_BYTES } satisfies IngestRequest),
      );
    });
  }

  private async insertJsonChunk(id: number, index: number, bytes: Uint8Array, chunkTables: string[]): Promise<Result<void>> {
    const path = `f${id}_chunk${index}.json`;
    const table = `${this.internalTable(id)}_part${index}`;
    await this.engine.db.registerFileBuffer(path, bytes);
    try {
      const inserted = await this.engine.insertJsonFile(table, path);
      if (inserted.ok) chunkTables.push(table);
      return inserted;
    } finally {
      await this.engine.db.dropFile(path);
    }
  }

  private async mergeChunks(table: string, parts: string[]): Promise<Result<void>> {
    if (parts.length === 0) return { ok: true, value: undefined };
    const union = parts.map((p) => `SELECT * FROM ${ident(p)}`).join(' UNION ALL BY NAME ');
    const merged = await this.engine.run(`CREATE OR REPLACE TABLE ${ident(table)} AS ${union}`);
    if (!merged.ok) return merged;
    return this.engine.run(parts.map((p) => `DROP TABLE IF EXISTS ${ident(p)};`).join(' '), { origin: 'internal' });
  }

  // ---- Arrow IPC (file and stream) -------------------------------------------

  private async loadArrow(id: number, source: FileSource, job: Job): Promise<void> {
    const file = source.name;
    const table = this.internalTable(id);
    const signal = job.controller.signal;
    this.patch(id, { progress: { label: 'Reading Arrow batches…', fraction: 0 } });
    try {
      const isFileFormat = new TextDecoder().decode(await readHead(source, 6)) === 'ARROW1';
      // The stream format is read lazily, batch by batch; the file format needs random access
      // to its footer, so it is read into memory once (transiently).
      const reader = isFileFormat
        ? arrow.RecordBatchReader.from(new Uint8Array(await readAll(source)))
        : await arrow.RecordBatchReader.from(await openStream(source, 0));
      let pending: arrow.RecordBatch[] = [];
      let pendingRows = 0;
      let created = false;
      let rows = 0;
      const flush = async () => {
        if (pending.length === 0 && created) return;
        const chunk = pending.length > 0 ? new arrow.Table(pending) : new arrow.Table(reader.schema);
        const inserted = await this.engine.insertArrowIpc(table, arrow.tableToIPC(chunk, 'stream'), !created);
        if (!inserted.ok) throw new Error(inserted.error.message);
        created = true;
        rows += pendingRows;
        pending = [];
        pendingRows = 0;
        this.patch(id, { progress: { label: `Loaded ${rows.toLocaleString('en-US')} rows…`, fraction: null } });
      };
      for await (const batch of reader) {
        if (signal.aborted) return;
        pending.push(batch);
        pendingRows += batch.numRows;
        if (pendingRows >= ARROW_CHUNK_ROWS) await flush();
      }
      await flush();
    } catch (e) {
      if (signal.aborted) return;
      return this.fail(id, { kind: 'arrow', file, message: `${file}: not a readable Arrow IPC file (${errorMessage(e)}).` });
    }
    await this.publishTable(id, table, signal);
  }

  // ---- managing datasets -----------------------------------------------------

  async rename(id: number, wanted: string): Promise<Result<void>> {
    // A view is created under the dataset's name while it loads: rename once that is done.
    await this.jobs.get(id)?.settled;
    const ds = this.dataset(id);
    if (!ds) return { ok: false, error: { kind: 'missing', message: 'No such dataset.' } };
    if (wanted === ds.name) return { ok: true, value: undefined };
    const others = this.store.get().datasets.filter((d) => d.id !== id).map((d) => d.name);
    const problem = tableNameProblem(wanted, others);
    if (problem) return { ok: false, error: { kind: 'name', message: problem } };
    const renamed = await this.engine.run(`ALTER VIEW ${ident(ds.name)} RENAME TO ${ident(wanted)}`);
    if (!renamed.ok && ds.status !== 'error') return renamed;
    this.patch(id, (d) => ({ name: wanted, version: d.version + 1 }));
    return { ok: true, value: undefined };
  }

  async remove(id: number): Promise<void> {
    const ds = this.dataset(id);
    const job = this.jobs.get(id);
    if (!ds) return;
    job?.controller.abort();
    this.jobs.delete(id);
    this.store.update((s) => {
      const datasets = s.datasets.filter((d) => d.id !== id);
      const selectedId = s.selectedId === id ? (datasets[datasets.length - 1]?.id ?? null) : s.selectedId;
      return { ...s, datasets, selectedId };
    });
    await this.engine.run(`DROP VIEW IF EXISTS ${ident(ds.name)}; DROP TABLE IF EXISTS ${ident(this.internalTable(id))};`, { origin: 'internal' });
    for (const path of job?.files ?? []) await this.engine.db.dropFile(path).catch(() => undefined);
  }

  /** Stop a running load; the dataset keeps what was loaded and is marked as partial. */
  cancel(id: number): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.controller.abort();
    job.controller = new AbortController();
    this.patch(id, (d) => ({
      progress: null,
      status: d.status === 'loading' ? 'error' : d.status,
      error: d.status === 'loading' ? { kind: 'cancelled', file: d.fileName, message: `${d.fileName}: loading was cancelled.` } : d.error,
      notice: d.status === 'ready' && d.rowCount === null ? 'Counting was cancelled.' : d.notice,
    }));
  }

  reportError(message: string): void {
    const id = this.nextErrorId++;
    this.store.update((s) => ({ ...s, errors: [...s.errors, { id, message }] }));
  }
}

function signalOnce(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function readHead(source: FileSource, bytes = 4096): Promise<Uint8Array> {
  if (source.kind === 'blob') return new Uint8Array(await source.blob.slice(0, bytes).arrayBuffer());
  const response = await fetch(source.url, { headers: { Range: `bytes=0-${bytes - 1}` } });
  return new Uint8Array(await response.arrayBuffer()).slice(0, bytes);
}

async function readAll(source: FileSource): Promise<ArrayBuffer> {
  if (source.kind === 'blob') return source.blob.arrayBuffer();
  return (await fetch(source.url)).arrayBuffer();
}

async function openStream(source: FileSource, offset: number): Promise<ReadableStream<Uint8Array>> {
  if (source.kind === 'blob') return source.blob.slice(offset).stream();
  const response = await fetch(source.url, { headers: { Range: `bytes=${offset}-` } });
  if (!response.body) throw new Error('empty response');
  return response.body;
}
