import { expect } from 'vitest';
import { ident } from '../../shared/sql/quote.ts';

/**
 * Comparing the rows of two engines (the app's DuckDB-WASM and the CLI's native DuckDB) through SQL both
 * run: the columns' names and types as DESCRIBE gives them, and each value as text, except floating-point
 * values, which are compared as numbers within 1e-9 relative (sums differ in the last digits between the
 * engines: summation order).
 */

export interface Column {
  name: string;
  type: string;
}

export interface EngineRows {
  columns: Column[];
  rows: unknown[][];
}

export const describeSql = (sql: string) => `SELECT column_name, column_type FROM (DESCRIBE ${sql})`;

const FLOATING = new Set(['DOUBLE', 'FLOAT', 'REAL']);

/** Each value as text, floating-point ones as DOUBLE. */
export function normalizedSql(sql: string, columns: readonly Column[]): string {
  const select = columns.map((c) => (FLOATING.has(c.type) ? `CAST(${ident(c.name)} AS DOUBLE)` : `CAST(${ident(c.name)} AS VARCHAR)`));
  return `SELECT ${select.join(', ')} FROM (${sql})`;
}

/** Run `sql` on an engine (given as a query function) and return its columns and normalized rows. */
export async function engineRows(sql: string, query: (sql: string) => unknown[][] | Promise<unknown[][]>): Promise<EngineRows> {
  const columns = (await query(describeSql(sql))).map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const rows = await query(normalizedSql(sql, columns));
  return { columns, rows: rows.map((r) => r.map((v) => (typeof v === 'bigint' ? String(v) : v))) };
}

export function expectSameRows(app: EngineRows, cli: EngineRows, what: string): void {
  expect(cli.columns, `${what}: columns (names, order, types)`).toEqual(app.columns);
  expect(cli.rows.length, `${what}: row count`).toBe(app.rows.length);
  app.rows.forEach((appRow, r) => {
    const cliRow = cli.rows[r]!;
    app.columns.forEach((column, c) => {
      const [a, b] = [appRow[c], cliRow[c]];
      if (FLOATING.has(column.type) && typeof a === 'number' && typeof b === 'number') {
        const scale = Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
        expect(Math.abs(a - b) / scale, `${what}: row ${r + 1}, ${column.name}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9);
      } else {
        expect(b, `${what}: row ${r + 1}, ${column.name}`).toEqual(a);
      }
    });
  });
}
