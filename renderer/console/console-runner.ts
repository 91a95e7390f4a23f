import * as arrow from 'apache-arrow';
import { leadingKeyword, splitStatements, type ScriptStatement } from '../../shared/sql/guard.ts';
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
  /** Whether any statement may have changed the catalog (created, dropped or altered relations). */
  changedCatalog: boolean;
  /** The header's title when it is not a console query's result (e.g. a check's failing rows). */
  title?: string;
}

let runs = 0;

/** Statements whose rows a view can hold, so the grid pages through them without copying. */
const QUERY_WORDS = new Set(['select', 'with', 'from', 'values', 'table', 'pivot', 'unpivot', 'summarize', 'describe', 'show']);
/** Statements that only read: the datasets cannot have changed after them. */
const READ_WORDS = new Set([...QUERY_WORDS, 'explain', 'pragma', 'set', 'reset', 'call']);

/**
 * Runs what the user typed in the console: any statements, in order, as DuckDB's own shell would. The
 * last one's rows are shown: a query becomes a view the grid pages through (a huge result is never
 * held in JavaScript); any other statement's rows, if it has any, are kept in a table. Errors name the
 * statement that failed, and their positions refer to the user's text.
 */
export async function runConsoleSql(engine: EngineClient, sql: string, signal: AbortSignal): Promise<Result<ConsoleResult>> {
  const started = performance.now();
  const split = splitStatements(sql);
  if (!split.ok) return { ok: false, error: { kind: 'parser', message: split.reason, position: split.at } };
  const { statements } = split;
  const last = statements.at(-1);
  if (!last) return { ok: false, error: { kind: 'empty', message: 'Write a query first.' } };
  const runId = ++runs;
  const changedCatalog = statements.some((s) => !READ_WORDS.has(leadingKeyword(s.text)));
  for (const [index, statement] of statements.slice(0, -1).entries()) {
    const ran = await engine.run(statement.text, { signal, origin: 'console' });
    if (!ran.ok) return located(ran, statement, 0, index, statements.length);
  }
  const done = (value: Omit<ConsoleResult, 'runId' | 'elapsedMs' | 'changedCatalog'>): Result<ConsoleResult> => ({ ok: true, value: { ...value, runId, elapsedMs: performance.now() - started, changedCatalog } });

  if (QUERY_WORDS.has(leadingKeyword(last.text))) {
    const prefix = `CREATE OR REPLACE VIEW ${ident(CONSOLE_VIEW)} AS `;
    const asView = await engine.run(prefix + last.text, { signal, origin: 'console' });
    if (asView.ok) {
      const columns = await describeRelation(engine, CONSOLE_VIEW, signal);
      if (!columns.ok) return columns;
      const count = await countRows(engine, CONSOLE_VIEW, signal);
      if (!count.ok) return located(count, last, 0, statements.length - 1, statements.length);
      return done({ relation: CONSOLE_VIEW, columns: columns.value, rowCount: count.value, message: null });
    }
    if (asView.error.kind === 'cancelled') return asView;
    // DESCRIBE, SHOW and the like cannot always be a view's body: run them as written below.
    if (asView.error.kind !== 'parser') return located(asView, last, prefix.length, statements.length - 1, statements.length);
  }

  const direct = await engine.query(last.text, { signal, origin: 'console' });
  if (!direct.ok) return located(direct, last, 0, statements.length - 1, statements.length);
  const table = direct.value;
  if (isStatus(table)) {
    const affected = table.numRows === 1 ? Number(table.getChildAt(0)?.get(0) ?? 0) : null;
    const message = `${statements.length > 1 ? `${statements.length} statements` : 'Statement'} executed${affected !== null && !Number.isNaN(affected) ? ` (${affected.toLocaleString('en-US')} row${affected === 1 ? '' : 's'})` : ''}.`;
    return done({ relation: '', columns: [], rowCount: 0, message });
  }
  const stored = await storeRows(engine, table);
  if (!stored.ok) return stored;
  const columns = await describeRelation(engine, CONSOLE_TABLE, signal);
  if (!columns.ok) return columns;
  return done({ relation: CONSOLE_TABLE, columns: columns.value, rowCount: table.numRows, message: null });
}

/** DuckDB's answer to a statement without rows: no columns, or one "Count" or "Success" column. */
function isStatus(table: arrow.Table): boolean {
  if (table.numCols === 0) return true;
  const only = table.schema.fields.length === 1 ? table.schema.fields[0]?.name : undefined;
  return table.numRows <= 1 && (only === 'Count' || only === 'Success');
}

async function storeRows(engine: EngineClient, table: arrow.Table): Promise<Result<void>> {
  const dropped = await engine.run(`DROP TABLE IF EXISTS ${ident(CONSOLE_TABLE)}`, { origin: 'internal' });
  if (!dropped.ok) return dropped;
  return engine.insertArrowIpc(CONSOLE_TABLE, arrow.tableToIPC(table, 'stream'), true);
}

/**
 * An error placed in the user's text: the position moves from the SQL that ran (with `shift`
 * characters of ours in front) to the statement's place in the script, and the message says which
 * statement failed when there were several.
 */
function located<T>(result: { ok: false; error: AppError }, statement: ScriptStatement, shift: number, index: number, total: number): Result<T> {
  if (result.error.kind === 'cancelled') return result;
  const { position } = result.error;
  const message = total > 1 ? `Statement ${index + 1} of ${total}: ${result.error.message}` : result.error.message;
  const error: AppError = { ...result.error, message };
  if (position !== undefined) error.position = statement.start + Math.max(0, position - shift);
  return { ok: false, error };
}
