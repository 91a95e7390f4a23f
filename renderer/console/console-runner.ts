import * as arrow from 'apache-arrow';
import { ident } from '../../shared/sql/quote.ts';
import type { AppError, Result } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import { countRows, describeRelation } from '../data/describe.ts';
import type { ColumnInfo } from '../data/types.ts';

export const CONSOLE_VIEW = '__sluice_console';
const CONSOLE_TABLE = '__sluice_console_result';

export interface ConsoleResult {
  relation: string;
  columns: ColumnInfo[];
  rowCount: number;
  /** Changes per run, so the grid refetches. */
  runId: number;
  elapsedMs: number;
  /** For statements without rows (DDL, INSERT…). */
  message: string | null;
}

let runs = 0;

/**
 * Runs console SQL. A query becomes a temporary view the grid pages through (so a huge result is
 * never held in JavaScript); any other statement runs as is, and its rows, if it has any, are kept
 * in a temporary table. Positions in errors refer to the user's text.
 */
export async function runConsoleSql(engine: EngineClient, sql: string, signal: AbortSignal): Promise<Result<ConsoleResult>> {
  const started = performance.now();
  const text = sql.trim().replace(/;+\s*$/, '');
  if (text === '') return { ok: false, error: { kind: 'empty', message: 'Write a query first.' } };
  const runId = ++runs;
  const prefix = `CREATE OR REPLACE VIEW ${ident(CONSOLE_VIEW)} AS `;
  const asView = await engine.run(prefix + text, { signal });
  if (asView.ok) {
    const columns = await describeRelation(engine, CONSOLE_VIEW, signal);
    if (!columns.ok) return columns;
    const count = await countRows(engine, CONSOLE_VIEW, signal);
    if (!count.ok) return relocate(count, 0);
    return { ok: true, value: { relation: CONSOLE_VIEW, columns: columns.value, rowCount: count.value, runId, elapsedMs: performance.now() - started, message: null } };
  }
  if (asView.error.kind === 'cancelled') return asView;
  if (asView.error.kind !== 'parser') return relocate(asView, prefix.length);

  // Not a query a view can hold (DDL, INSERT, PRAGMA, several statements…): run it as written.
  const direct = await engine.query(text, { signal });
  if (!direct.ok) return direct;
  const table = direct.value;
  const elapsedMs = performance.now() - started;
  if (table.numCols === 0 || (table.numRows === 0 && table.schema.fields.length === 1 && table.schema.fields[0]?.name === 'Count')) {
    return { ok: true, value: { relation: '', columns: [], rowCount: 0, runId, elapsedMs, message: 'Statement executed.' } };
  }
  const stored = await engine.insertArrowIpc(CONSOLE_TABLE, arrow.tableToIPC(table, 'stream'), true);
  if (!stored.ok) {
    await engine.run(`DROP TABLE IF EXISTS ${ident(CONSOLE_TABLE)}`);
    const retry = await engine.insertArrowIpc(CONSOLE_TABLE, arrow.tableToIPC(table, 'stream'), true);
    if (!retry.ok) return retry;
  }
  const columns = await describeRelation(engine, CONSOLE_TABLE, signal);
  if (!columns.ok) return columns;
  return { ok: true, value: { relation: CONSOLE_TABLE, columns: columns.value, rowCount: table.numRows, runId, elapsedMs, message: null } };
}

/** Shift an error's SQL position back by the length of text we put in front of the user's SQL. */
function relocate<T>(result: { ok: false; error: AppError }, shift: number): Result<T> {
  const { position } = result.error;
  if (position === undefined) return result;
  return { ok: false, error: { ...result.error, position: Math.max(0, position - shift) } };
}
