import { compilePipeline, CompileError, queryAt, type CompileContext, type CompiledPipeline } from '../shared/pipeline/compile.ts';
import type { InputRef, Pipeline, PipelineDocument } from '../shared/pipeline/document.ts';
import { errorMessage, type Result } from '../shared/result.ts';
import { ident } from '../shared/sql/quote.ts';
import type { NativeEngine } from './engine.ts';
import { cliError, type CliError } from './errors.ts';

/**
 * The app's compiler (`shared/pipeline/compile.ts`) with the CLI's context: a source is the TEMP view the
 * CLI created under the source's table name, exactly as a source is the dataset's view in the app.
 */
export const cliContext: CompileContext = { sourceSql: (source) => ident(source.name) };

/** `pipelines[0].steps[2] (pipeline "main", step 3: filter)`: where a step is, for messages. */
export function describeStep(doc: PipelineDocument, stepId: string, prefer?: Pipeline): string {
  const pipelines = prefer ? [prefer, ...doc.pipelines.filter((p) => p !== prefer)] : doc.pipelines;
  for (const pipeline of pipelines) {
    const index = pipeline.steps.findIndex((s) => s.id === stepId);
    if (index < 0) continue;
    const pi = doc.pipelines.indexOf(pipeline);
    return `pipelines[${pi}].steps[${index}] (pipeline "${pipeline.name}", step ${index + 1}: ${pipeline.steps[index]!.kind})`;
  }
  return `step "${stepId}"`;
}

const describePipeline = (doc: PipelineDocument, pipeline: Pipeline) => `pipelines[${doc.pipelines.indexOf(pipeline)}] (pipeline "${pipeline.name}")`;

/** Compile one pipeline; a refusal names the step. */
export function compileOne(doc: PipelineDocument, pipeline: Pipeline): Result<CompiledPipeline, CliError> {
  try {
    return { ok: true, value: compilePipeline(doc, pipeline.id, cliContext) };
  } catch (e) {
    const where = e instanceof CompileError && e.stepId ? describeStep(doc, e.stepId, pipeline) : describePipeline(doc, pipeline);
    return { ok: false, error: cliError('compile', `${where}: ${errorMessage(e)}` ) };
  }
}

/** The pipelines `roots` read, directly or through others, each after those it reads (then the roots). */
export function withDependencies(doc: PipelineDocument, roots: readonly Pipeline[]): Pipeline[] {
  const ordered: Pipeline[] = [];
  const visiting = new Set<string>();
  const visit = (pipeline: Pipeline) => {
    if (ordered.includes(pipeline) || visiting.has(pipeline.id)) return;
    visiting.add(pipeline.id);
    const refs: InputRef[] = [pipeline.input];
    for (const step of pipeline.steps) {
      if (!step.enabled) continue;
      if (step.kind === 'join') refs.push(step.with);
      if (step.kind === 'union') refs.push(...step.with);
    }
    for (const ref of refs) {
      const other = ref.kind === 'pipeline' ? doc.pipelines.find((p) => p.id === ref.id) : undefined;
      if (other) visit(other);
    }
    ordered.push(pipeline);
  };
  roots.forEach(visit);
  return ordered;
}

/**
 * Bind a compiled pipeline in DuckDB (prepared, no rows read). When it fails, each step is bound in turn
 * to name the first that cannot, with DuckDB's reason. The pipelines it reads are bound before it.
 */
export async function bindPipeline(engine: NativeEngine, doc: PipelineDocument, pipeline: Pipeline, compiled: CompiledPipeline): Promise<Result<void, CliError>> {
  const last = compiled.steps.filter((s) => s.sql !== null).at(-1);
  const whole = await engine.check(queryAt(compiled, last?.stepId));
  if (whole.ok) return whole;
  const input = await engine.check(queryAt(compiled));
  if (!input.ok) return { ok: false, error: cliError('sql', `${describePipeline(doc, pipeline)}, its input: ${input.error.message}`) };
  for (const step of compiled.steps) {
    if (step.sql === null) continue;
    const bound = await engine.check(queryAt(compiled, step.stepId));
    if (!bound.ok) return { ok: false, error: cliError('sql', `${describeStep(doc, step.stepId, pipeline)}: ${bound.error.message}`) };
  }
  return { ok: false, error: cliError('sql', `${describePipeline(doc, pipeline)}: ${whole.error.message}`) };
}
