import { firstPageSql, type GridColumn } from '../../shared/grid-sql.ts';
import { ident } from '../../shared/sql/quote.ts';
import type { AppError } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { DatasetStore } from './dataset-store.ts';
import { countRows, describeRelation } from './describe.ts';
import type { FileSource } from './types.ts';

/** From this many rows compressing a loaded table takes long enough (~0.3 s) to be said in the header. */
const SAY_COMPRESSING_FROM_ROWS = 500_000;
/** Tries of that checkpoint (each waits for interactive queries to finish). */
const COMPRESS_ATTEMPTS = 3;

/** How long a background copy waits for the grid's first page before starting anyway. */
const FIRST_ROWS_GRACE_MS = 1500;

/** A dataset's load in progress (or last finished), kept by the workbench. */
export interface LoadJob {
  controller: AbortController;
  source?: FileSource;
  /** Resolved when the grid has shown this dataset's first rows. */
  firstRows: { promise: Promise<void>; resolve: () => void };
  /** Settles when the current load (or re-read) has finished, successfully or not. */
  settled: Promise<void>;
  /** Files registered with the engine for this dataset. */
  files: string[];
}

export function newLoadJob(source: FileSource): LoadJob {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { controller: new AbortController(), files: [], source, settled: Promise.resolve(), firstRows: { promise, resolve } };
}

/** The engine table a dataset's rows are copied into. Internal: never shown to users. */
export const internalTable = (id: number): string => `__sluice_data_${id}`;

/** What one load of one dataset works with. The signal is this load's: a re-read or cancel aborts it. */
export class LoadContext {
  readonly signal: AbortSignal;
  readonly table: string;

  constructor(
    readonly id: number,
    readonly engine: EngineClient,
    readonly datasets: DatasetStore,
    readonly job: LoadJob,
  ) {
    this.signal = job.controller.signal;
    this.table = internalTable(id);
  }

  get file(): string {
    return this.datasets.dataset(this.id)?.fileName ?? '';
  }

  /** The dataset's SQL name (a view over the file or the internal table). */
  get name(): string {
    return this.datasets.dataset(this.id)?.name ?? '';
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  /** Fail the load with a message that starts with the file name. */
  fail(error: AppError): void {
    if (this.aborted && error.kind === 'cancelled') return;
    const message = error.message.startsWith(this.file) ? error.message : `${this.file}: ${error.message}`;
    this.datasets.fail(this.id, { ...error, file: this.file, message });
  }

  /** The dataset's view is about to show with these columns: its first grid page is read while React renders it. */
  prefetchFirstPage(columns: readonly GridColumn[]): void {
    this.engine.prefetch(firstPageSql(this.name, columns));
  }

  /** Let the grid's first page through before long work occupies the engine (it runs one thing at a time). */
  async firstRowsShownOrGrace(): Promise<void> {
    await Promise.race([this.job.firstRows.promise, new Promise((resolve) => setTimeout(resolve, FIRST_ROWS_GRACE_MS))]);
  }

  /** Compress the loaded rows, point the dataset's view at the internal table, count it and show it as ready. */
  async publishTable(table = this.table): Promise<void> {
    await this.publish(table, this.signal, []);
    await this.compress();
  }

  /**
   * DuckDB compresses an in-memory table only when it checkpoints. Appends of Arrow chunks (Parquet, JSON,
   * Arrow loads) trigger its automatic checkpoints as they go; a copy in one statement (CSV, merged JSON) does
   * not, and its table stays uncompressed. Measured on the 8M-row benchmark CSV: engine memory 668 → 141 MB,
   * group-by 200 → 60 ms (sort + limit 260 → 400 ms), for ~0.6 s per million rows that cannot be interrupted.
   * It runs once the table is published (a checkpoint before that leaves it uncompressed), after interactive
   * queries (background priority), and the header says so meanwhile. If it fails, the table stays as it was.
   */
  private async compress(): Promise<void> {
    const rows = this.datasets.dataset(this.id)?.rowCount ?? 0;
    const said = rows >= SAY_COMPRESSING_FROM_ROWS;
    if (said) this.datasets.patch(this.id, { housekeeping: 'Compressing the rows in memory…' });
    // DuckDB refuses a checkpoint while another connection is inside a transaction (a grid page being read):
    // try again a few times, once things are quiet.
    for (let attempt = 0; attempt < COMPRESS_ATTEMPTS; attempt++) {
      const done = await this.engine.run('CHECKPOINT', { origin: 'internal', priority: 'background' });
      if (done.ok || this.datasets.dataset(this.id) === undefined) break;
      console.warn(`Sluice: compressing ${this.file} in memory failed (attempt ${attempt + 1}): ${done.error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    if (said) this.datasets.patch(this.id, { housekeeping: null });
  }

  /**
   * The load was cancelled after some rows were in: show those, say so, and count what is really
   * there (`expected` is the file's row count, when known). Runs after the abort, so without its signal.
   */
  async publishPartial(expected: number | null, table = this.table): Promise<void> {
    const count = await countRows(this.engine, table);
    if (!count.ok) return this.fail(count.error);
    const loaded = count.value.toLocaleString('en-US');
    const note =
      expected !== null
        ? `Loading was cancelled: ${loaded} of ${expected.toLocaleString('en-US')} rows were loaded.`
        : `Loading was cancelled: the first ${loaded} rows were loaded; the rest of the file was not read.`;
    await this.publish(table, undefined, [note]);
  }

  private async publish(table: string, signal: AbortSignal | undefined, notes: string[]): Promise<void> {
    const view = await this.engine.run(`CREATE OR REPLACE VIEW ${ident(this.name)} AS SELECT * FROM ${ident(table)}`, { ...(signal ? { signal } : {}), origin: 'internal' });
    if (!view.ok) return this.fail(view.error);
    const columns = await describeRelation(this.engine, table, signal);
    if (!columns.ok) return this.fail(columns.error);
    const count = await countRows(this.engine, table, signal);
    if (!count.ok) return this.fail(count.error);
    this.datasets.patch(this.id, (d) => ({
      status: 'ready',
      error: null,
      columns: columns.value,
      rowCount: count.value,
      rowsAvailable: count.value,
      storage: 'table',
      progress: null,
      notes: [...d.notes.filter((n) => !n.startsWith('Loading was cancelled')), ...notes],
      version: d.version + 1,
    }));
  }
}
