import { DuckDBInstance } from '@duckdb/node-api';

/** Native DuckDB for tests: to make input files (Parquet) and read outputs back. Not locked down. */
export interface NativeDb {
  rows(sql: string): Promise<unknown[][]>;
  objects(sql: string): Promise<Record<string, unknown>[]>;
  /** `name TYPE` of each column of a query, as DuckDB's DESCRIBE gives them. */
  columns(sql: string): Promise<string[]>;
  close(): void;
}

export async function openNative(): Promise<NativeDb> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  return {
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][],
    objects: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    columns: async (sql) => ((await connection.runAndReadAll(`SELECT column_name || ' ' || column_type FROM (DESCRIBE ${sql})`)).getRowsJS() as string[][]).map((r) => r[0]!),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
