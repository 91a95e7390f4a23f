import { withoutInternalNames } from '../../shared/engine-errors.ts';
import { compilePipeline, CompileError, queryAt, type CompiledPipeline, type CompileContext } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import { castFailureQueries } from '../../shared/pipeline/step-checks.ts';
import { ident } from '../../shared/sql/quote.ts';
import type { Result } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import { describeRelation } from '../data/describe.ts';
import { bind, clashMessage, clashOf, duplicateName } from './bind-step.ts';
import type { ColumnInfo } from '../data/types.ts';

export interface PipelinePreview {
  /**
   * A view holding the rows at the shown step. Not TEMP: temporary views belong to one connection,
   * and the engine client runs each query on whichever connection is free.
   */
  relation: string;
  columns: ColumnInfo[];
  /** The step whose output is shown (null: the input). */
  shownStep: string | null;
  /** Steps that cannot run, with DuckDB's or the compiler's reason. They are bypassed. */
  broken: Record<string, string>;
  /** SQL of the shown step's output, and of each step's. */
  sqlByStep: Record<string, string>;
  inputSql: string;
  compiled: CompiledPipeline;
}

/** In the app, a source is the dataset's view, by its table name. */
export const appContext: CompileContext = { sourceSql: (source) => ident(source.name) };

let previews = 0;
const cancelled = { kind: 'cancelled', message: 'Cancelled.' } as const;

/**
 * Compiles a pipeline, binds each step in DuckDB to find the ones that can no longer work (a column
 * gone, a bad expression), bypasses those, and creates a view of the rows at the chosen step.
 * Binding is cheap: no rows are read until the grid pages the view.
 */
export async function previewPipeline(
  engine: EngineClient,
  doc: PipelineDocument,
  pipelineId: string,
  atStep: string | null | undefined,
  signal: AbortSignal,
  failedToRun: Readonly<Record<string, string>> = {},
): Promise<Result<PipelinePreview>> {
  const pipeline = doc.pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) return { ok: false, error: { kind: 'pipeline', message: `No pipeline ${pipelineId}.` } };
  // Steps that bound but failed on the data (a value that does not fit its column) are bypassed too.
  const skip = new Set<string>(Object.keys(failedToRun));
  const broken: Record<string, string> = { ...failedToRun };
  let compiled: CompiledPipeline | undefined;
  for (let attempt = 0; attempt <= pipeline.steps.length; attempt++) {
    try {
      compiled = compilePipeline(doc, pipelineId, appContext, { skip });
    } catch (e) {
      if (e instanceof CompileError && e.stepId && !skip.has(e.stepId)) {
        skip.add(e.stepId);
        broken[e.stepId] = e.message;
        continue;
      }
      return { ok: false, error: { kind: 'pipeline', message: e instanceof Error ? e.message : String(e) } };
    }
    // Binding the last step binds every step before it (each reads the one before), so one DESCRIBE
    // usually settles it; only when it fails are the steps bound one by one to find the broken one.
    const lastLive = compiled.steps.filter((step) => step.sql !== null).at(-1);
    if (!lastLive) break;
    const whole = await bind(engine, queryAt(compiled, lastLive.stepId), signal);
    if (whole === 'cancelled') return { ok: false, error: cancelled };
    if (whole.ok && duplicateName(whole.names) === null) break;
    // Find the step that fails, or that gives two columns one name.
    const input = await bind(engine, queryAt(compiled), signal);
    if (input === 'cancelled') return { ok: false, error: cancelled };
    let names = input.ok ? input.names : [];
    let failed = false;
    for (const step of compiled.steps) {
      if (step.sql === null) continue;
      const bound = await bind(engine, queryAt(compiled, step.stepId), signal);
      if (bound === 'cancelled') return { ok: false, error: cancelled };
      const clash = bound.ok ? clashOf(pipeline.steps.find((s) => s.id === step.stepId)?.kind, names, bound.names) : null;
      if (!bound.ok || clash !== null) {
        skip.add(step.stepId);
        broken[step.stepId] = bound.ok ? clashMessage(clash ?? '') : bound.problem;
        failed = true;
        break;
      }
      names = bound.names;
    }
    if (!failed) break;
  }
  if (!compiled) return { ok: false, error: { kind: 'pipeline', message: 'The pipeline cannot be compiled.' } };

  const last = pipeline.steps[pipeline.steps.length - 1]?.id ?? null;
  // A step the pipeline no longer has (a stale selection) shows the last step.
  const shownStep = atStep === undefined || (atStep !== null && !pipeline.steps.some((s) => s.id === atStep)) ? last : atStep;
  const sql = shownStep === null ? queryAt(compiled) : queryAt(compiled, shownStep);
  const relation = `__sluice_preview_${++previews}`;
  const created = await engine.run(`CREATE OR REPLACE VIEW ${ident(relation)} AS ${sql}`, { signal });
  if (!created.ok) return created;
  const columns = await describeRelation(engine, relation, signal);
  if (!columns.ok) return columns;
  // Views of earlier previews are no longer paged by anyone.
  if (previews > 1) void engine.run(`DROP VIEW IF EXISTS ${ident(`__sluice_preview_${previews - 2}`)}`);
  const sqlByStep: Record<string, string> = {};
  for (const step of compiled.steps) sqlByStep[step.stepId] = queryAt(compiled, step.stepId);
  return { ok: true, value: { relation, columns: columns.value, shownStep, broken, sqlByStep, inputSql: queryAt(compiled), compiled } };
}

/** Rows out of each step (and the input), computed one after another in the background. A skipped step has its input's rows. */
export async function countSteps(
  engine: EngineClient,
  compiled: CompiledPipeline,
  onCount: (stepId: string | null, rows: number) => void,
  signal: AbortSignal,
  first?: string | null,
  onFailure?: (stepId: string | null, message: string) => void,
): Promise<void> {
  const byCte = new Map<string, number>();
  const all: { stepId: string | null; cte: string }[] = [{ stepId: null, cte: compiled.input.cte }, ...compiled.steps.map((s) => ({ stepId: s.stepId, cte: s.cte }))];
  // The shown step's count first: it is the row count on screen.
  const targets = [...all.filter((t) => t.stepId === first), ...all.filter((t) => t.stepId !== first)];
  for (const { stepId, cte } of targets) {
    if (signal.aborted) return;
    let rows = byCte.get(cte);
    if (rows === undefined) {
      const sql = stepId === null ? queryAt(compiled) : queryAt(compiled, stepId);
      const result = await engine.rows(`SELECT count(*) FROM (${sql})`, { signal, priority: 'background' });
      if (!result.ok) {
        if (result.error.kind !== 'cancelled') await findFailingStep(engine, compiled, all, cte, result.error.message, signal, onFailure);
        return;
      }
      rows = Number(result.value[0]?.[0] ?? 0);
      byCte.set(cte, rows);
    }
    onCount(stepId, rows);
  }
}

/**
 * A step bound but its rows failed (DuckDB casts a text value to the column's type row by row, so a
 * filter `latitude = 'abc'` fails only when it runs): the first step, in order, whose rows fail is
 * the broken one, not the file. Counted step by step up to the one that failed.
 */
async function findFailingStep(
  engine: EngineClient,
  compiled: CompiledPipeline,
  all: readonly { stepId: string | null; cte: string }[],
  failedCte: string,
  message: string,
  signal: AbortSignal,
  onFailure: ((stepId: string | null, message: string) => void) | undefined,
): Promise<void> {
  if (!onFailure) return;
  const upTo = all.findIndex((t) => t.cte === failedCte);
  const tried = new Set<string>();
  for (const { stepId, cte } of all.slice(0, upTo)) {
    if (tried.has(cte)) continue;
    tried.add(cte);
    const sql = stepId === null ? queryAt(compiled) : queryAt(compiled, stepId);
    const result = await engine.rows(`SELECT count(*) FROM (${sql})`, { signal, priority: 'background' });
    if (signal.aborted || (!result.ok && result.error.kind === 'cancelled')) return;
    if (!result.ok) return onFailure(stepId, withoutInternalNames(result.error.message.replace(/\n?LINE \d+:[\s\S]*$/, '')));
  }
  onFailure(all[upTo]?.stepId ?? null, withoutInternalNames(message.replace(/\n?LINE \d+:[\s\S]*$/, '')));
}

/** For each change-type step, how many non-null values could not be converted (they became NULL). */
export async function countCastFailures(
  engine: EngineClient,
  doc: PipelineDocument,
  pipelineId: string,
  compiled: CompiledPipeline,
  onCount: (stepId: string, failed: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const steps = doc.pipelines.find((p) => p.id === pipelineId)?.steps ?? [];
  for (const { stepId, sql } of castFailureQueries(steps, compiled)) {
    if (signal.aborted) return;
    const result = await engine.rows(sql, { signal, priority: 'background' });
    if (result.ok) onCount(stepId, Number(result.value[0]?.[0] ?? 0));
  }
}
