import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseDuckDbError } from '../shared/engine-errors.ts';
import { errorMessage, type AppError, type Result } from '../shared/result.ts';

/**
 * Native DuckDB (`@duckdb/node-api`, pinned to the WASM engine's DuckDB version) with one connection:
 * the sources are TEMP views of that connection. Extensions are never installed or auto-loaded
 * (parquet and json are built in). Queries that hold user text run as one prepared statement: DuckDB
 * refuses several statements in one prepare before running any (the same wall the app's engine client has).
 */

/** Settings fixed when the instance is created, before any SQL runs. */
export function instanceOptions(tempDirectory: string): Record<string, string> {
  return {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    // Spill files go to the run's private folder, never the current directory.
    temp_directory: tempDirectory,
  };
}

export const MULTIPLE_STATEMENTS = 'Refused: the SQL holds more than one statement. Sluice runs each compiled query as one read-only statement.';

export interface QueryProgress {
  /** 0..100, or null when DuckDB cannot tell. */
  percent: number | null;
}

export class NativeEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(tempDirectory: string): Promise<Result<NativeEngine>> {
    try {
      const instance = await DuckDBInstance.create(':memory:', instanceOptions(tempDirectory));
      const connection = await instance.connect();
      return { ok: true, value: new NativeEngine(instance, connection) };
    } catch (e) {
      return { ok: false, error: { kind: 'internal', message: `cannot start DuckDB: ${errorMessage(e)}` } };
    }
  }

  /** Run SQL the CLI built itself from quoted names and values (may hold several statements). */
  async exec(sql: string): Promise<Result<void>> {
    try {
      await this.connection.run(sql);
      return { ok: true, value: undefined };
    } catch (e) {
      return { ok: false, error: parseDuckDbError(errorMessage(e), sql) };
    }
  }

  /** The first column of each row, as text (for settings and checks). */
  async column(sql: string): Promise<Result<string[]>> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return { ok: true, value: reader.getRows().map((r) => String(r[0])) };
    } catch (e) {
      return { ok: false, error: parseDuckDbError(errorMessage(e), sql) };
    }
  }

  /** Prepare (parse and bind, no rows read) as exactly one statement, then drop it. */
  async check(sql: string): Promise<Result<void>> {
    try {
      const prepared = await this.connection.prepare(sql);
      prepared.destroySync();
      return { ok: true, value: undefined };
    } catch (e) {
      return { ok: false, error: statementError(errorMessage(e), sql) };
    }
  }

  /** Run one statement holding user text as a single prepared statement; returns the rows it reports. */
  async runOne(sql: string): Promise<Result<unknown[][]>> {
    try {
      const prepared = await this.connection.prepare(sql);
      try {
        const reader = await prepared.runAndReadAll();
        return { ok: true, value: reader.getRowsJS() as unknown[][] };
      } finally {
        prepared.destroySync();
      }
    } catch (e) {
      return { ok: false, error: statementError(errorMessage(e), sql) };
    }
  }

  /** `runOne`, the rows as objects keyed by column name (for the shared checks core). */
  async runObjects(sql: string): Promise<Result<Record<string, unknown>[]>> {
    try {
      const prepared = await this.connection.prepare(sql);
      try {
        const reader = await prepared.runAndReadAll();
        return { ok: true, value: reader.getRowObjectsJS() as Record<string, unknown>[] };
      } finally {
        prepared.destroySync();
      }
    } catch (e) {
      return { ok: false, error: statementError(errorMessage(e), sql) };
    }
  }

  /** Column names and types of a query (bound, not run). */
  async describe(sql: string): Promise<Result<{ name: string; type: string }[]>> {
    try {
      const prepared = await this.connection.prepare(sql);
      try {
        return { ok: true, value: Array.from({ length: prepared.columnCount }, (_, i) => ({ name: prepared.columnName(i), type: prepared.columnType(i).toString() })) };
      } finally {
        prepared.destroySync();
      }
    } catch (e) {
      return { ok: false, error: statementError(errorMessage(e), sql) };
    }
  }

  /** Stop the running query (it fails with DuckDB's "Interrupted"). */
  interrupt(): void {
    this.connection.interrupt();
  }

  progress(): QueryProgress {
    try {
      const p = this.connection.progress.percentage;
      return { percent: p >= 0 ? p : null };
    } catch {
      return { percent: null };
    }
  }

  close(): void {
    try {
      this.connection.closeSync();
    } finally {
      this.instance.closeSync();
    }
  }
}

function statementError(message: string, sql: string): AppError {
  if (/multiple statements/i.test(message)) return { kind: 'sql', message: MULTIPLE_STATEMENTS };
  return parseDuckDbError(message, sql);
}
