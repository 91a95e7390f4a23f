import type * as duckdb from '@duckdb/duckdb-wasm';
import * as arrow from 'apache-arrow';
import { parseDuckDbError } from '../../shared/engine-errors.ts';
import { errorMessage, type AppError, type Result } from '../../shared/result.ts';

export interface QueryOptions {
  /** Aborting cancels the query in DuckDB and resolves with a `cancelled` error. */
  signal?: AbortSignal;
  /**
   * 'background' queries (profiles, counts) start only when no interactive query (grid pages, user
   * actions) is running or has just started: DuckDB-WASM runs one query at a time, so what the user
   * waits for goes first.
   */
  priority?: 'interactive' | 'background';
  /**
   * Where the SQL comes from. 'compiled' (the default): it may hold user text (pipeline steps, filters,
   * profiles), so DuckDB must prepare it as exactly one statement before it runs; DuckDB refuses
   * several statements in one prepare before running any. 'internal': built by the app from quoted
   * names only (loaders, housekeeping), run as is. 'console': typed by the user in the SQL console.
   */
  origin?: 'compiled' | 'internal' | 'console';
  /**
   * The query reads a bounded, small set of rows (a grid page by rowid range) and is built by the app
   * from quoted names: it runs as one message to DuckDB's worker, so it goes on while the UI thread is
   * busy (a polled query only advances when the UI thread polls), and it cannot be cancelled.
   */
  atOnce?: boolean;
}

/** How long after an interactive query starts background queries keep waiting (the grid asks in bursts). */
const INTERACTIVE_QUIET_MS = 80;
/**
 * A running background query is stopped when an interactive one starts and re-run once things are
 * quiet again: DuckDB-WASM has one thread, so otherwise the two share it and the query the user
 * waits for takes several times longer. After this many restarts a query is left to finish, so a
 * user who keeps scrolling still gets the profile and counts.
 */
const MAX_PREEMPTIONS = 3;

/** How long a prefetched result waits for its reader. */
const PREFETCH_TTL_MS = 3000;

/** A background query in flight, and whether an interactive query stopped it. */
interface RunningBackground {
  stop: AbortController;
  preempted: boolean;
  preemptible: boolean;
}

const cancelled = (): AppError => ({ kind: 'cancelled', message: 'Cancelled.' });

/**
 * The one engine client of the renderer. Queries run in DuckDB's worker through pending
 * queries (polled), so the UI thread never blocks and every query can be cancelled.
 * Each call borrows its own connection, so a cancel only stops that call.
 */
export class EngineClient {
  private readonly idle: duckdb.AsyncDuckDBConnection[] = [];
  private interactive = 0;
  private lastInteractive = 0;
  private readonly background = new Set<RunningBackground>();
  private holds = 0;
  /** Results read ahead of their reader (`prefetch`), by SQL. */
  private readonly prefetched = new Map<string, Promise<Result<unknown[][]>>>();

  constructor(readonly db: duckdb.AsyncDuckDB) {}

  private async borrow(): Promise<duckdb.AsyncDuckDBConnection> {
    return this.idle.pop() ?? (await this.db.connect());
  }

  private giveBack(conn: duckdb.AsyncDuckDBConnection): void {
    if (this.idle.length < 8) this.idle.push(conn);
    else void conn.close();
  }

  /**
   * Keep background queries from starting until `until` settles, `signal` aborts or `maxMs` passes:
   * for a chain of interactive steps with UI work between them, such as a pipeline preview until the
   * grid shows it.
   */
  hold(until: Promise<unknown>, maxMs: number, signal?: AbortSignal): void {
    this.holds++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = new Promise((resolve) => {
      timer = setTimeout(resolve, maxMs);
      signal?.addEventListener('abort', resolve, { once: true });
    });
    void Promise.race([until, ended]).finally(() => {
      clearTimeout(timer);
      this.holds--;
    });
  }

  /** Resolves when a background query may start. */
  private async backgroundTurn(signal: AbortSignal | undefined): Promise<void> {
    while (!signal?.aborted && (this.interactive > 0 || this.holds > 0 || performance.now() - this.lastInteractive < INTERACTIVE_QUIET_MS)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Run SQL and return its whole result as an Arrow table. */
  async query(sql: string, options: QueryOptions = {}): Promise<Result<arrow.Table>> {
    return this.queryWith(sql, options, true);
  }

  /** `preemptible`: a background read may be stopped for an interactive query and re-run; a statement run for its effect may not. */
  private async queryWith(sql: string, options: QueryOptions, preemptible: boolean): Promise<Result<arrow.Table>> {
    const { signal } = options;
    const single = (options.origin ?? 'compiled') === 'compiled';
    if (options.priority === 'background') return this.queryInBackground(sql, signal, single, preemptible);
    if (signal?.aborted) return { ok: false, error: cancelled() };
    this.interactive++;
    this.lastInteractive = performance.now();
    this.preemptBackground();
    try {
      return await this.execute(sql, signal, single);
    } finally {
      this.interactive--;
    }
  }

  /** Stop the background queries that may still be stopped; they re-run after the interactive ones. */
  private preemptBackground(): void {
    for (const running of this.background) {
      if (!running.preemptible || running.preempted) continue;
      running.preempted = true;
      running.stop.abort();
    }
  }

  private async queryInBackground(sql: string, signal: AbortSignal | undefined, single: boolean, preemptible: boolean): Promise<Result<arrow.Table>> {
    for (let attempt = 0; ; attempt++) {
      await this.backgroundTurn(signal);
      if (signal?.aborted) return { ok: false, error: cancelled() };
      const running: RunningBackground = { stop: new AbortController(), preempted: false, preemptible: preemptible && attempt < MAX_PREEMPTIONS };
      const forward = () => running.stop.abort();
      signal?.addEventListener('abort', forward, { once: true });
      this.background.add(running);
      try {
        const result = await this.execute(sql, running.stop.signal, single);
        if (!result.ok && result.error.kind === 'cancelled' && running.preempted && !signal?.aborted) continue;
        return result;
      } finally {
        this.background.delete(running);
        signal?.removeEventListener('abort', forward);
      }
    }
  }

  private async execute(sql: string, signal: AbortSignal | undefined, single: boolean): Promise<Result<arrow.Table>> {
    const conn = await this.borrow();
    if (single) {
      const checked = await singleStatement(conn, sql);
      if (!checked.ok) {
        this.giveBack(conn);
        return checked;
      }
    }
    // Aborted while a connection was found or the statement checked: the listener below would never fire.
    if (signal?.aborted) {
      this.giveBack(conn);
      return { ok: false, error: cancelled() };
    }
    let wasCancelled = false;
    const onAbort = () => {
      wasCancelled = true;
      void conn.cancelSent().catch(() => undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reader = await conn.send(sql);
      const batches: arrow.RecordBatch[] = [];
      for await (const batch of reader) {
        if (wasCancelled) break;
        batches.push(batch);
      }
      if (wasCancelled) return { ok: false, error: cancelled() };
      const table = batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(reader.schema);
      return { ok: true, value: table };
    } catch (e) {
      if (wasCancelled) return { ok: false, error: cancelled() };
      return { ok: false, error: parseDuckDbError(errorMessage(e), sql) };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (wasCancelled) this.discard(conn);
      else this.giveBack(conn);
    }
  }

  /**
   * Stream the rows of a query, batch by batch, for exports: DuckDB streams the result (never holding it
   * whole), and `onBatch` is awaited before the next batch is fetched, so only one batch is in JavaScript
   * memory at a time. Other queries (grid pages) run between batches. Compiled SQL must prepare as one
   * statement first, as in `query`. Aborting cancels the query; a failed `onBatch` stops it with its error.
   */
  async stream(
    sql: string,
    onBatch: (batch: arrow.RecordBatch) => Promise<Result<void>>,
    options: Omit<QueryOptions, 'priority'> = {},
  ): Promise<Result<{ schema: arrow.Schema; rows: number }>> {
    const { signal } = options;
    if (signal?.aborted) return { ok: false, error: cancelled() };
    this.lastInteractive = performance.now();
    this.preemptBackground();
    const conn = await this.borrow();
    if ((options.origin ?? 'compiled') === 'compiled') {
      const checked = await singleStatement(conn, sql);
      if (!checked.ok) {
        this.giveBack(conn);
        return checked;
      }
    }
    let wasCancelled = signal?.aborted ?? false;
    const onAbort = () => {
      wasCancelled = true;
      void conn.cancelSent().catch(() => undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let finished = false;
    try {
      if (wasCancelled) return { ok: false, error: cancelled() };
      const reader = await conn.send(sql, true);
      let rows = 0;
      for await (const batch of reader) {
        if (wasCancelled) break;
        const handled = await onBatch(batch);
        if (!handled.ok) return handled;
        rows += batch.numRows;
      }
      if (wasCancelled) return { ok: false, error: cancelled() };
      finished = true;
      return { ok: true, value: { schema: reader.schema, rows } };
    } catch (e) {
      if (wasCancelled) return { ok: false, error: cancelled() };
      return { ok: false, error: parseDuckDbError(errorMessage(e), sql) };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // A stream stopped early may leave its result pending on the connection: close it rather than reuse it.
      if (finished) this.giveBack(conn);
      else {
        void conn.cancelSent().catch(() => undefined);
        this.discard(conn);
      }
    }
  }

  /**
   * Start a small read the UI is about to ask for, so the query runs while the UI renders: a new dataset's
   * first grid page, while React mounts the dataset. The first `rows` call with the same SQL within a few
   * seconds takes the result; any `run` or insert (which may change data) drops what was not taken.
   *
   * It runs as one message to DuckDB's worker (`query`, not polled `send`), so it goes on while the UI
   * thread is busy; and so it cannot be cancelled: only for bounded reads built by the app from quoted
   * names (a LIMIT over a dataset's view).
   */
  prefetch(sql: string): void {
    const result = this.readAtOnce(sql);
    this.prefetched.set(sql, result);
    setTimeout(() => {
      if (this.prefetched.get(sql) === result) this.prefetched.delete(sql);
    }, PREFETCH_TTL_MS);
  }

  private async readAtOnce(sql: string): Promise<Result<unknown[][]>> {
    this.lastInteractive = performance.now();
    this.preemptBackground();
    this.interactive++;
    const conn = await this.borrow();
    try {
      const table = await conn.query(sql);
      this.giveBack(conn);
      return { ok: true, value: tableRows(table) };
    } catch (e) {
      this.discard(conn);
      return { ok: false, error: parseDuckDbError(errorMessage(e), sql) };
    } finally {
      this.interactive--;
    }
  }

  /** Run SQL for its effect. */
  async run(sql: string, options: QueryOptions = {}): Promise<Result<void>> {
    this.prefetched.clear();
    // Never preempted: a statement (DDL, a copy, a checkpoint) cancelled part-way by DuckDB-WASM can leave its
    // write transaction open, and then every checkpoint fails ("other write transactions active").
    const result = await this.queryWith(sql, options, false);
    return result.ok ? { ok: true, value: undefined } : result;
  }

  /** The rows of a query as plain arrays, in column order. */
  async rows(sql: string, options: QueryOptions = {}): Promise<Result<unknown[][]>> {
    const early = this.prefetched.get(sql);
    if (early && !options.signal) {
      this.prefetched.delete(sql);
      return early;
    }
    if (options.atOnce && !options.signal) return this.readAtOnce(sql);
    const result = await this.query(sql, options);
    if (!result.ok) return result;
    return { ok: true, value: tableRows(result.value) };
  }

  /** Insert Arrow IPC stream bytes into a table (created on first use). */
  async insertArrowIpc(table: string, bytes: Uint8Array, create: boolean): Promise<Result<void>> {
    this.prefetched.clear();
    const conn = await this.borrow();
    try {
      await conn.insertArrowFromIPCStream(bytes, { name: table, create });
      this.giveBack(conn);
      return { ok: true, value: undefined };
    } catch (e) {
      this.discard(conn);
      return { ok: false, error: parseDuckDbError(errorMessage(e)) };
    }
  }

  /**
   * A connection whose statement failed or was cancelled part-way is not reused: DuckDB-WASM (1.32) can leave it
   * inside that statement's transaction, and closing it does not end it. Then every query on it fails ("cannot
   * start a transaction within a transaction") and every checkpoint fails ("other write transactions active"):
   * roll back, then close.
   */
  private discard(conn: duckdb.AsyncDuckDBConnection): void {
    void conn
      .query('ROLLBACK')
      .catch(() => undefined)
      .then(() => conn.close())
      .catch(() => undefined);
  }
}

/**
 * Whether DuckDB parses `sql` as exactly one statement: it is prepared (parsed and bound, no rows read)
 * and closed. The query then runs through `send`, which streams and can be cancelled; a prepared
 * statement's own execution cannot be cancelled in DuckDB-WASM.
 */
async function singleStatement(conn: duckdb.AsyncDuckDBConnection, sql: string): Promise<Result<void>> {
  try {
    const prepared = await conn.prepare(sql);
    await prepared.close();
    return { ok: true, value: undefined };
  } catch (e) {
    const message = errorMessage(e);
    if (/multiple statements/i.test(message)) return { ok: false, error: { kind: 'sql', message: 'Refused: the SQL holds more than one statement. Sluice runs each compiled query as one read-only statement.' } };
    return { ok: false, error: parseDuckDbError(message, sql) };
  }
}

export function tableRows(table: arrow.Table): unknown[][] {
  const columns = table.schema.fields.map((_, i) => table.getChildAt(i));
  const out: unknown[][] = new Array<unknown[]>(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row = new Array<unknown>(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = columns[c]?.get(r) ?? null;
    out[r] = row;
  }
  return out;
}
