import { delimiterHint, type CsvOptions } from '../../shared/csv-options.ts';
import { decideFormat, type FileFormat } from '../../shared/formats.ts';
import { tableNameFor, tableNameProblem } from '../../shared/naming.ts';
import { errorMessage, type Result } from '../../shared/result.ts';
import { ident, str } from '../../shared/sql/quote.ts';
import type { EngineClient } from '../engine/client.ts';
import { warmUpEngine } from '../engine/warm-up.ts';
import { parseFix } from './csv-errors.ts';
import { describeRelation } from './describe.ts';
import { DatasetStore } from './dataset-store.ts';
import { readHead, registerFile } from './file-source.ts';
import { IngestClient } from './ingest-client.ts';
import { internalTable, LoadContext, newLoadJob, type LoadJob } from './load-job.ts';
import { loadArrow } from './loaders/arrow-loader.ts';
import { loadCsv, rejectsTable } from './loaders/csv-loader.ts';
import { loadJson } from './loaders/json-loader.ts';
import { loadStreamed } from './loaders/streamed-loader.ts';
import type { Dataset, FileSource } from './types.ts';

/** CSV files up to this size are copied into an engine table in the background for fast scans. */
export const DEFAULT_MATERIALIZE_LIMIT = 1536 * 1024 * 1024;

export interface WorkbenchOptions {
  /** Larger CSV files stay on disk and each query reads them (WASM memory is capped near 4 GB). */
  materializeLimit?: number;
}

const CSV_CANCELLED = 'Loading was cancelled: each query reads the file, with column types sniffed from its first rows only (not checked against the whole file).';

/**
 * Opens files as datasets and manages them (rename, re-read, cancel, remove). Each dataset is a view
 * named for the user over either the file itself (lazy, first rows at once) or an internal table the
 * file was copied into. Each format's loader lives in `loaders/`; the list itself in `DatasetStore`.
 */
export class Workbench {
  readonly store = new DatasetStore();
  private nextId = 1;
  private readonly jobs = new Map<number, LoadJob>();
  private readonly ingest: IngestClient;
  private readonly materializeLimit: number;

  constructor(
    readonly engine: EngineClient,
    makeIngestWorker: () => Worker,
    options: WorkbenchOptions = {},
  ) {
    this.ingest = new IngestClient(makeIngestWorker);
    this.materializeLimit = options.materializeLimit ?? DEFAULT_MATERIALIZE_LIMIT;
  }

  dataset(id: number): Dataset | undefined {
    return this.store.dataset(id);
  }

  /** The grid reports that a dataset's first rows are on screen. */
  firstRowsShown(id: number): void {
    this.jobs.get(id)?.firstRows.resolve();
  }

  select(id: number | null): void {
    this.store.select(id);
  }

  dismissError(errorId: number): void {
    this.store.dismissError(errorId);
  }

  reportError(message: string): void {
    this.store.reportError(message);
  }

  /** Settles when `warmUp`'s engine queries are done (the benchmark waits for it, as a user picking a file would). */
  warmed: Promise<void> = Promise.resolve();

  /** Start the ingest worker and compile its decoders, and the engine's first-file code paths, while the user picks a file. */
  warmUp(): void {
    this.ingest.warmUp();
    this.warmed = warmUpEngine(this.engine);
  }

  /** The engine table a dataset's rows live in, once they were copied there. */
  physicalTable(id: number): string | undefined {
    const d = this.dataset(id);
    return d && d.storage === 'table' && d.progress === null ? internalTable(id) : undefined;
  }

  // ---- opening -------------------------------------------------------------

  async openFiles(sources: FileSource[]): Promise<void> {
    await Promise.all(sources.map((s) => this.open(s)));
  }

  async open(source: FileSource): Promise<number> {
    const id = this.nextId++;
    // Not a name a dataset or a table made in the SQL console already has.
    const taken = [...this.store.get().datasets.map((d) => d.name), ...(await this.catalogNames())];
    this.store.add({
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
      notes: [],
      csvOptions: null,
      sniffed: null,
      jsonText: [],
      version: 0,
    });
    const job = newLoadJob(source);
    this.jobs.set(id, job);

    let head: Uint8Array;
    try {
      head = await readHead(source);
    } catch (e) {
      this.store.fail(id, { kind: 'io', file: source.name, message: `${source.name}: cannot be read (${errorMessage(e)}).` });
      return id;
    }
    const decision = decideFormat(source.name, head, source.size);
    if (!decision.ok) {
      this.store.fail(id, { kind: 'format', file: source.name, message: `${source.name}: cannot open: ${decision.reason}.` });
      return id;
    }
    this.store.patch(id, { format: decision.format });
    job.settled = this.load(id, decision.format, source, job).catch((e: unknown) => {
      // Loaders report their errors as data; this is the last line of defence.
      this.store.fail(id, { kind: 'internal', file: source.name, message: `${source.name}: ${errorMessage(e)}` });
    });
    await job.settled;
    return id;
  }

  private async load(id: number, format: FileFormat, source: FileSource, job: LoadJob): Promise<void> {
    const ctx = new LoadContext(id, this.engine, this.store, job);
    switch (format) {
      case 'csv': {
        const path = await this.register(id, source, job);
        const hint = delimiterHint(source.name);
        return loadCsv(ctx, path, hint ? { delimiter: hint } : {}, this.materializeLimit);
      }
      case 'json':
        return loadJson(ctx, this.ingest, source);
      case 'parquet':
        return loadStreamed(ctx, this.ingest, source, 'parquet');
      case 'ndjson':
        return loadStreamed(ctx, this.ingest, source, 'ndjson');
      case 'arrow':
        return loadArrow(ctx, source);
    }
  }

  private async register(id: number, source: FileSource, job: LoadJob): Promise<string> {
    const path = await registerFile(this.engine, id, source);
    job.files.push(path);
    return path;
  }

  // ---- CSV read options ------------------------------------------------------

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
    job.settled = loadCsv(new LoadContext(id, this.engine, this.store, job), path, options, this.materializeLimit);
    await job.settled;
  }

  /** Apply one of the offered fixes ("<fix>" or "<fix>|<argument>", see `parseFix`) to a dataset. */
  async applyFix(id: number, offered: string): Promise<void> {
    if (offered === 'reload') return this.reload(id);
    const current = this.dataset(id)?.csvOptions ?? {};
    const next: CsvOptions = { ...current };
    const { fix, arg } = parseFix(offered);
    if (fix === 'text-column' && arg !== undefined) next.columnTypes = { ...next.columnTypes, [arg]: 'VARCHAR' };
    else if (fix === 'max-line-size' && arg !== undefined) next.maxLineSize = Number(arg);
    else if (arg) next.delimiter = arg;
    if (fix === 'quotes-as-text') next.quote = '';
    if (fix === 'encoding-latin-1') next.encoding = 'latin-1';
    if (fix === 'skip-bad-rows') next.ignoreErrors = true;
    if (fix === 'pad-columns') next.nullPadding = true;
    if (fix === 'all-text') next.allVarchar = true;
    await this.reapplyCsv(id, next);
  }

  // ---- the SQL console's changes ---------------------------------------------

  /** Names of the tables and views in the engine that are not the app's own. */
  private async catalogNames(): Promise<string[]> {
    const rows = await this.engine.rows("SELECT table_name FROM duckdb_tables() WHERE NOT internal UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal", { origin: 'internal' });
    return rows.ok ? rows.value.map((r) => String(r[0])).filter((n) => !n.startsWith('__sluice')) : [];
  }

  /**
   * After SQL typed in the console changed the catalog: a dataset whose relation was dropped, or
   * replaced by one with other columns, says so and offers to reload its file, instead of failing
   * every later action with a catalog error.
   */
  async checkRelations(): Promise<void> {
    for (const d of this.store.get().datasets) {
      if (d.status !== 'ready') continue;
      const described = await describeRelation(this.engine, d.name);
      const same = described.ok && described.value.length === d.columns.length && described.value.every((c, i) => c.name === d.columns[i]?.name && c.type === d.columns[i]?.type);
      if (same) continue;
      const what = described.ok ? 'replaced it with other columns' : described.error.kind === 'catalog' ? 'dropped it' : `broke it (${described.error.message})`;
      this.store.fail(d.id, { kind: 'relation-changed', file: d.fileName, message: `${d.name}: SQL run in the console ${what}, so it no longer shows ${d.fileName}. Reload the file to see its rows again.`, fixes: ['reload'] });
    }
  }

  /** Read a dataset's file again, from the start (under a free name if the console took its own). */
  async reload(id: number): Promise<void> {
    const ds = this.dataset(id);
    const job = this.jobs.get(id);
    if (!ds || !job?.source) return;
    job.controller.abort();
    job.controller = new AbortController();
    await job.settled;
    const others = this.store.get().datasets.filter((d) => d.id !== id).map((d) => d.name);
    const catalog = await this.catalogNames();
    const ours = await this.engine.rows(`SELECT count(*) FROM duckdb_views() WHERE view_name = ${str(ds.name)} AND sql LIKE ${str(`%${internalTable(id)}%`)}`, { origin: 'internal' });
    const free = ours.ok && Number(ours.value[0]?.[0]) > 0 ? !others.includes(ds.name) : !catalog.includes(ds.name) && !others.includes(ds.name);
    const name = free ? ds.name : tableNameFor(ds.fileName, [...others, ...catalog]);
    this.store.patch(id, (d) => ({ name, status: 'loading', error: null, progress: { label: 'Reloading…', fraction: null }, columns: [], rowCount: null, rowsAvailable: null, notes: [], version: d.version + 1 }));
    if (ds.format === 'csv') {
      const path = job.files[0];
      if (!path) return;
      job.settled = loadCsv(new LoadContext(id, this.engine, this.store, job), path, ds.csvOptions ?? {}, this.materializeLimit);
    } else {
      job.settled = this.load(id, ds.format, job.source, job);
    }
    await job.settled;
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
    const renamed = await this.engine.run(`ALTER VIEW ${ident(ds.name)} RENAME TO ${ident(wanted)}`, { origin: 'internal' });
    if (!renamed.ok && ds.status !== 'error') return renamed;
    this.store.patch(id, (d) => ({ name: wanted, version: d.version + 1 }));
    return { ok: true, value: undefined };
  }

  async remove(id: number): Promise<void> {
    const ds = this.dataset(id);
    const job = this.jobs.get(id);
    if (!ds) return;
    job?.controller.abort();
    this.jobs.delete(id);
    this.store.drop(id);
    await this.engine.run(`DROP VIEW IF EXISTS ${ident(ds.name)}; DROP TABLE IF EXISTS ${ident(internalTable(id))}; DROP TABLE IF EXISTS ${ident(rejectsTable(id))};`, { origin: 'internal' });
    for (const path of job?.files ?? []) await this.engine.db.dropFile(path).catch(() => undefined);
  }

  /** Stop a running load; the dataset keeps what was loaded and says it is partial (its loader counts what is in). */
  cancel(id: number): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.controller.abort();
    job.controller = new AbortController();
    this.store.patch(id, (d) => ({
      progress: null,
      status: d.status === 'loading' ? 'error' : d.status,
      error: d.status === 'loading' ? { kind: 'cancelled', file: d.fileName, message: `${d.fileName}: loading was cancelled.` } : d.error,
      // Never claim the file's full row count for what was loaded; the loader then counts what is in.
      rowCount: d.status === 'loading' ? null : d.storage === 'table' ? d.rowsAvailable : d.rowCount,
      notes: d.status === 'ready' && d.rowCount === null && d.storage === 'file' ? [...d.notes, CSV_CANCELLED] : d.notes,
    }));
  }
}
