import { CheckCompilation, compileCheck } from '../../shared/checks/compile-checks.ts';
import type { RunSql } from '../../shared/checks/evaluate.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import { ident } from '../../shared/sql/quote.ts';
import { describeRelation } from '../data/describe.ts';
import type { ColumnInfo } from '../data/types.ts';
import { tableRows, type EngineClient, type QueryOptions } from '../engine/client.ts';
import { appContext } from '../pipeline/preview.ts';

/**
 * The checks core (`shared/checks/`) on the app's engine: `run` for `evaluateChecks`, the failing
 * rows of a rule as a view the grid pages, and a view of the rows at a check's place.
 */

/** `evaluateChecks`' `run`: one statement on the engine client, rows as objects. */
export function engineRun(engine: EngineClient, options: QueryOptions): RunSql {
  return async (sql) => {
    const result = await engine.query(sql, options);
    if (!result.ok) return result;
    const names = result.value.schema.fields.map((f) => f.name);
    return { ok: true, value: tableRows(result.value).map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]]))) };
  };
}

let views = 0;

async function viewOf(engine: EngineClient, prefix: string, sql: string, signal?: AbortSignal): Promise<Result<{ relation: string; columns: ColumnInfo[] }>> {
  const relation = `__sluice_${prefix}_${++views}`;
  // Not TEMP: the engine client runs each query on whichever connection is free.
  const created = await engine.run(`CREATE OR REPLACE VIEW ${ident(relation)} AS ${sql}`, signal ? { signal } : {});
  if (!created.ok) return created;
  const columns = await describeRelation(engine, relation, signal);
  if (!columns.ok) return columns;
  return { ok: true, value: { relation, columns: columns.value } };
}

/** Every failing row of a rule, with its own types, as a view (what "Show failing rows" puts in the grid). */
export async function failingRowsView(engine: EngineClient, doc: PipelineDocument, rule: CheckRule, now: string): Promise<Result<{ relation: string; columns: ColumnInfo[] }>> {
  const compiled = compileCheck(doc, rule, { ...appContext, now });
  if (!compiled.ok) return compiled;
  const sql = compiled.value.failingRowsSql;
  if (sql === null) return { ok: false, error: { kind: 'check', message: 'This check has no failing rows to show: it judges the whole table.' } };
  return viewOf(engine, 'failing', sql);
}

/** The rows a check at this place reads (after a step, or the pipeline's output), as a view. */
export async function checkedRowsView(engine: EngineClient, doc: PipelineDocument, place: { pipeline: string; after?: string }, signal: AbortSignal): Promise<Result<{ relation: string; columns: ColumnInfo[] }>> {
  let sql: string;
  try {
    sql = new CheckCompilation(doc, { ...appContext, now: new Date().toISOString() }).checkedQuery(place);
  } catch (e) {
    return { ok: false, error: { kind: 'compile', message: e instanceof Error ? e.message : String(e) } };
  }
  return viewOf(engine, 'checked', sql, signal);
}

/** Whether a new rule binds against the data (its columns exist, its values compare): the reason, or null. */
export async function checkRuleBinds(engine: EngineClient, doc: PipelineDocument, rule: CheckRule): Promise<string | null> {
  const compiled = compileCheck(doc, rule, { ...appContext, now: new Date().toISOString() });
  if (!compiled.ok) return compiled.error.message;
  const sql = compiled.value.countSql ?? compiled.value.describeSql;
  if (sql === null) return null;
  const bound = await engine.run(`SELECT * FROM (${sql}) LIMIT 0`);
  return bound.ok ? null : bound.error.message.replace(/\n?LINE \d+:[\s\S]*$/, '');
}
