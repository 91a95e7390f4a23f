import { ident } from '../sql/quote.ts';
import { isTypeName } from '../sql-types.ts';
import { compilePipeline, CompileError, joinOnSql, pipelineQuery, queryAt, type CompileContext, type CompiledPipeline } from './compile.ts';
import type { InputRef, PipelineDocument, Step } from './document.ts';

/**
 * SQL for what the app tells about steps before and after they run: values a change of type could
 * not convert, and how a join's keys match. Built from the compiled pipeline, the same way for the
 * app and the CLI.
 */

/** The rows of an input (a source or another pipeline's result), as the compiler reads it. */
export function inputRelationSql(doc: PipelineDocument, ref: InputRef, ctx: CompileContext): string {
  if (ref.kind === 'pipeline') return `(${pipelineQuery(compilePipeline(doc, ref.id, ctx))})`;
  const source = doc.sources.find((s) => s.id === ref.id);
  if (!source) throw new CompileError(`No source with id "${ref.id}".`);
  return ctx.sourceSql(source);
}

/** The name an input is known by: its source's table name or its pipeline's name. */
export function inputName(doc: PipelineDocument, ref: InputRef): string | null {
  return (ref.kind === 'source' ? doc.sources.find((s) => s.id === ref.id)?.name : doc.pipelines.find((p) => p.id === ref.id)?.name) ?? null;
}

/**
 * One row: rows of the left side, rows of the right side, left rows with a match, and rows of the
 * inner join (more than matched rows when keys repeat on the right).
 */
export function joinMatchSql(leftSql: string, rightSql: string, on: readonly { left: string; right: string }[]): string {
  const predicate = joinOnSql(on);
  return (
    `SELECT (SELECT count(*) FROM ${leftSql}), (SELECT count(*) FROM ${rightSql}), ` +
    `(SELECT count(*) FROM ${leftSql} AS l SEMI JOIN ${rightSql} AS r ON ${predicate}), ` +
    `(SELECT count(*) FROM ${leftSql} AS l JOIN ${rightSql} AS r ON ${predicate})`
  );
}

/**
 * For each enabled change-type step that runs: SQL counting the non-null values of its column that
 * the conversion turned into NULL (read from the step's input).
 */
export function castFailureQueries(steps: readonly Step[], compiled: CompiledPipeline): { stepId: string; sql: string }[] {
  const queries: { stepId: string; sql: string }[] = [];
  for (const [i, entry] of compiled.steps.entries()) {
    const step = steps.find((s) => s.id === entry.stepId);
    if (!step || step.kind !== 'cast' || entry.sql === null || !isTypeName(step.to)) continue;
    const previous = compiled.steps[i - 1];
    const input = previous ? queryAt(compiled, previous.stepId) : queryAt(compiled);
    const col = ident(step.column);
    queries.push({ stepId: step.id, sql: `SELECT count(*) FROM (${input}) WHERE ${col} IS NOT NULL AND TRY_CAST(${col} AS ${step.to.trim()}) IS NULL` });
  }
  return queries;
}
