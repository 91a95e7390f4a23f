import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import type { CheckReport } from '../shared/checks/report.ts';
import type { FailOn } from '../shared/checks/verdict.ts';
import { pipelineQuery, type CompiledPipeline } from '../shared/pipeline/compile.ts';
import type { Pipeline, PipelineDocument } from '../shared/pipeline/document.ts';
import type { Result } from '../shared/result.ts';
import { hasChecks, runChecks } from './checks.ts';
import { bindPipeline, compileOne, withDependencies } from './compile.ts';
import { loadConfig, planRun, type PlannedOutput, type RunPlan } from './config.ts';
import { NativeEngine } from './engine.ts';
import { cliError, type CliError } from './errors.ts';
import { lockDown } from './lockdown.ts';
import type { Logger } from './log.ts';
import { copySql, describeTarget, OutputStaging, type StagedOutput } from './outputs.ts';
import { startProgress } from './progress.ts';
import { planQuarantine, splitQueries, type QuarantinePlan } from './quarantine.ts';
import { logTotals, makeReport, planReport, writeReport, type ReportTarget } from './report.ts';
import { checkInputs, createSources } from './sources.ts';

/**
 * One run of a config, in order: read and validate the config; plan inputs and outputs (overrides
 * applied); check the input files; compile the pipelines; check the output folders; start DuckDB and
 * create the sources; lock the engine down; bind every pipeline (a bad step is named before anything
 * is written); evaluate the checks; write each output (the passing rows where quarantine rules split
 * it) and each quarantine output to its temporary file; move them all into place, or, when the checks
 * fail at `--fail-on`, only the quarantine outputs. `validate` evaluates the checks after binding and
 * writes nothing but the report (`--report FILE`).
 */

export interface RunOptions {
  config: string;
  inputs?: readonly string[];
  outputs?: readonly string[];
  /** Where command-line paths are relative to. */
  cwd: string;
  log: Logger;
  /** Where standard-output results go. */
  stdout: Writable;
  /** Aborting interrupts DuckDB; the run then ends with an `interrupted` error and leaves nothing behind. */
  signal?: AbortSignal;
  /** Show a progress line (stderr is a terminal). */
  progress?: (line: string | null) => void;
  /** The level at which failing checks fail the run (default `error`). */
  failOn?: FailOn;
  /** `--report FILE`: where the check report goes (relative to `cwd`). */
  report?: string;
  /** `--quarantine PATH`: the failing rows of an output on standard output. */
  quarantine?: string;
}

export interface OutputReport {
  pipeline: string;
  target: string;
  rows: number;
  seconds: number;
}

export interface RunReport {
  /** The outputs written; none when the checks failed the run. */
  outputs: OutputReport[];
  quarantined: OutputReport[];
  /** The checks' report; null when the document has no enabled check and no report was asked for. */
  checks: CheckReport | null;
}

export interface ValidateReport {
  sources: number;
  pipelines: number;
  checks: CheckReport | null;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Everything a run holds that must be released however it ends. */
class Resources {
  engine: NativeEngine | undefined;
  readonly privateDir = mkdtempSync(join(tmpdir(), 'sluice-'));
  readonly staging = new OutputStaging(this.privateDir);

  release(): void {
    this.staging.cleanup();
    try {
      this.engine?.close();
    } catch {
      // Closing after an interrupt may fail; the process is ending anyway.
    }
    this.engine = undefined;
    rmSync(this.privateDir, { recursive: true, force: true });
  }
}

/** The runs in flight, so a signal handler can remove their temporary files synchronously. */
const active = new Set<Resources>();

/** For SIGINT/SIGTERM handlers: remove every temporary file of every run in flight. */
export function releaseAll(): void {
  for (const resources of active) resources.release();
  active.clear();
}

interface Prepared {
  plan: RunPlan;
  compiled: Map<string, CompiledPipeline>;
  report: ReportTarget | null;
  quarantine: QuarantinePlan[];
}

async function prepare(options: RunOptions, mode: 'run' | 'validate'): Promise<Result<Prepared, CliError>> {
  return inConfig(await prepareConfig(options, mode), options.config);
}

async function prepareConfig(options: RunOptions, mode: 'run' | 'validate'): Promise<Result<Prepared, CliError>> {
  const loaded = await loadConfig(options.config, options.cwd);
  if (!loaded.ok) return loaded;
  const plan = planRun(loaded.value, { inputs: options.inputs ?? [], outputs: options.outputs ?? [], cwd: options.cwd });
  if (!plan.ok) return plan;
  const checked = await checkInputs(plan.value.inputs);
  if (!checked.ok) return checked;
  const doc = loaded.value.doc;
  const report = await planReport(options.report, options.cwd);
  if (!report.ok) return report;
  const quarantine: Result<QuarantinePlan[], CliError> = mode === 'run' ? planQuarantine(doc, plan.value.outputs, options.quarantine, options.cwd) : { ok: true, value: [] };
  if (!quarantine.ok) return quarantine;
  const needed = mode === 'validate' ? doc.pipelines : withDependencies(doc, plan.value.outputs.map((o) => o.pipeline));
  const compiled = new Map<string, CompiledPipeline>();
  for (const pipeline of needed) {
    const one = compileOne(doc, pipeline);
    if (!one.ok) return one;
    compiled.set(pipeline.id, one.value);
  }
  return { ok: true, value: { plan: plan.value, compiled, report: report.value, quarantine: quarantine.value } };
}

/** Start the engine, create the sources, lock down, bind every compiled pipeline in dependency order. */
async function openAndBind(resources: Resources, prepared: Prepared, allowedOutputs: readonly string[], log: Logger): Promise<Result<NativeEngine, CliError>> {
  const started = await NativeEngine.open(resources.privateDir);
  if (!started.ok) return { ok: false, error: cliError('internal', started.error.message) };
  const engine = (resources.engine = started.value);
  // The progress figure DuckDB keeps only with its progress bar on (never printed by the CLI's engine).
  const progress = await engine.exec('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  if (!progress.ok) return { ok: false, error: cliError('internal', progress.error.message) };
  // With checks, each rule reads the sources again: CSV files are then copied once (and type-checked in the copy).
  const created = await createSources(engine, prepared.plan.inputs, resources.privateDir, log, hasChecks(prepared.plan.config.doc));
  if (!created.ok) return created;
  const locked = await lockDown(engine, [...prepared.plan.inputs.map((i) => i.path), ...allowedOutputs]);
  if (!locked.ok) return { ok: false, error: cliError('internal', locked.error.message) };
  log.debug(`engine locked down: external access off; allowed: ${prepared.plan.inputs.length} input file(s), ${allowedOutputs.length} temporary output file(s)`);
  const doc = prepared.plan.config.doc;
  for (const [id, compiled] of prepared.compiled) {
    const pipeline = doc.pipelines.find((p) => p.id === id)!;
    const bound = await bindPipeline(engine, doc, pipeline, compiled);
    if (!bound.ok) return bound;
    log.debug(`pipeline "${pipeline.name}" binds`, { step: pipeline.name });
  }
  return { ok: true, value: engine };
}

/** Messages about the document's content start with the config file's name (input and output ones name their files). */
function inConfig<T>(result: Result<T, CliError>, config: string): Result<T, CliError> {
  if (result.ok || !['compile', 'sql'].includes(result.error.kind)) return result;
  const name = basename(config);
  return result.error.message.startsWith(`${name}: `) ? result : { ok: false, error: { ...result.error, file: config, message: `${name}: ${result.error.message}` } };
}

async function withResources<T>(options: RunOptions, body: (resources: Resources) => Promise<Result<T, CliError>>): Promise<Result<T, CliError>> {
  const resources = new Resources();
  active.add(resources);
  const onAbort = () => resources.engine?.interrupt();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = inConfig(await body(resources), options.config);
    if (options.signal?.aborted) return { ok: false, error: cliError('interrupted', 'interrupted: nothing was written.') };
    return result;
  } catch (e) {
    return { ok: false, error: cliError('internal', e instanceof Error ? (e.stack ?? e.message) : String(e)) };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    resources.release();
    active.delete(resources);
  }
}

/** `sluice validate`: the document, its references, the input files, and every step bound against them. */
export async function validateConfig(options: RunOptions): Promise<Result<ValidateReport, CliError>> {
  const prepared = await prepare(options, 'validate');
  if (!prepared.ok) return prepared;
  return withResources(options, async (resources) => {
    const startedAt = new Date();
    const bound = await openAndBind(resources, prepared.value, [], options.log);
    if (!bound.ok) return bound;
    const doc = prepared.value.plan.config.doc;
    const checks = await evaluate(bound.value, doc, prepared.value.report, startedAt, options);
    if (!checks.ok) return checks;
    if (checks.value && prepared.value.report) {
      const written = await writeReport(prepared.value.report, checks.value, options.log);
      if (!written.ok) return written;
    }
    return { ok: true, value: { sources: doc.sources.length, pipelines: doc.pipelines.length, checks: checks.value } };
  });
}

/** The checks and their report, when the document has checks or a report was asked for; the totals logged. */
async function evaluate(engine: NativeEngine, doc: PipelineDocument, target: ReportTarget | null, startedAt: Date, options: RunOptions): Promise<Result<CheckReport | null, CliError>> {
  if (!hasChecks(doc) && !target) return { ok: true, value: null };
  const evaluated = await runChecks(engine, doc, { log: options.log, ...(options.signal ? { signal: options.signal } : {}) });
  if (!evaluated.ok) return evaluated;
  const report = makeReport({ config: options.config, startedAt, failOn: options.failOn ?? 'error' }, evaluated.value);
  logTotals(options.log, report);
  return { ok: true, value: report };
}

/** `sluice run`: every output written, or none. */
export async function runConfig(options: RunOptions): Promise<Result<RunReport, CliError>> {
  const prepared = await prepare(options, 'run');
  if (!prepared.ok) return prepared;
  const { plan, compiled, quarantine } = prepared.value;
  const doc = plan.config.doc;
  return withResources(options, async (resources) => {
    const startedAt = new Date();
    const staged = await resources.staging.stage([...plan.outputs, ...quarantine.map((q) => q.quarantine)]);
    if (!staged.ok) return staged;
    const mains = staged.value.slice(0, plan.outputs.length);
    const quarantines = staged.value.slice(plan.outputs.length);
    const bound = await openAndBind(resources, prepared.value, resources.staging.allowedPaths(), options.log);
    if (!bound.ok) return bound;
    const engine = bound.value;
    const checks = await evaluate(engine, doc, prepared.value.report, startedAt, options);
    if (!checks.ok) return checks;
    const failed = checks.value?.verdict === 'failed';
    const now = checks.value?.now ?? new Date().toISOString();

    // Each quarantined pipeline's split, by the main output it belongs to.
    const passing = new Map<PlannedOutput, string>();
    const written: { main: OutputReport[]; quarantined: OutputReport[] } = { main: [], quarantined: [] };
    for (const [index, q] of quarantine.entries()) {
      const split = await splitQueries(engine, doc, q.main, pipelineQuery(compiled.get(q.main.pipeline.id)!), now);
      if (!split.ok) return split;
      passing.set(q.main, split.value.passingSql);
      const one = await writeOutput(engine, doc, quarantines[index]!, split.value.failingSql, options);
      if (!one.ok) return one;
      written.quarantined.push(one.value);
    }
    if (!failed) {
      for (const output of mains) {
        const one = await writeOutput(engine, doc, output, passing.get(output.output) ?? pipelineQuery(compiled.get(output.output.pipeline.id)!), options);
        if (!one.ok) return one;
        written.main.push(one.value);
      }
    }
    if (options.signal?.aborted) return { ok: false, error: cliError('interrupted', 'interrupted: nothing was written.') };
    const committed = await resources.staging.commit(failed ? quarantines : staged.value, options.stdout);
    if (!committed.ok) return committed;
    for (const report of written.main) options.log.info(`wrote ${report.target}`, { step: report.pipeline, rows: report.rows, seconds: report.seconds });
    for (const report of written.quarantined) options.log.info(`wrote the failing rows to ${report.target}`, { step: report.pipeline, rows: report.rows, seconds: report.seconds });
    if (checks.value && prepared.value.report) {
      const reported = await writeReport(prepared.value.report, checks.value, options.log);
      if (!reported.ok) return reported;
    }
    if (failed) options.log.error(`checks failed: no output written (existing outputs are unchanged)${quarantines.length > 0 ? '; quarantine outputs written' : ''}${prepared.value.report ? '; report written' : ''}.`);
    return { ok: true, value: { outputs: written.main, quarantined: written.quarantined, checks: checks.value } };
  });
}

/**
 * Open a config as `run` does (sources, lock-down, every needed pipeline bound), then hand `use` a way to
 * run read-only queries on that engine and each pipeline's compiled SQL by name, instead of writing
 * outputs: for comparing the CLI's engine with the app's (tests) and for tools that look at the rows.
 */
export async function inspectConfig<T>(
  options: RunOptions,
  use: (query: (sql: string) => Promise<Result<unknown[][]>>, sqlOf: (pipelineName: string) => string) => Promise<T>,
): Promise<Result<T, CliError>> {
  const prepared = await prepare(options, 'validate');
  if (!prepared.ok) return prepared;
  return withResources(options, async (resources) => {
    const bound = await openAndBind(resources, prepared.value, [], options.log);
    if (!bound.ok) return bound;
    const doc = prepared.value.plan.config.doc;
    const sqlOf = (name: string) => {
      const pipeline = doc.pipelines.find((p) => p.name === name);
      const compiled = pipeline && prepared.value.compiled.get(pipeline.id);
      if (!compiled) throw new Error(`no pipeline named "${name}"`);
      return pipelineQuery(compiled);
    };
    return { ok: true, value: await use((sql) => bound.value.runOne(sql), sqlOf) };
  });
}

async function writeOutput(engine: NativeEngine, doc: PipelineDocument, staged: StagedOutput, query: string, options: RunOptions): Promise<Result<OutputReport, CliError>> {
  const { output } = staged;
  const pipeline: Pipeline = output.pipeline;
  const sql = copySql(query, staged.temp, output.format);
  options.log.debug(`pipeline "${pipeline.name}" → ${describeTarget(output)} (${output.format}):\n${sql}`, { step: pipeline.name });
  const started = performance.now();
  const stopProgress = startProgress(engine, `pipeline "${pipeline.name}"`, options.progress);
  const result = await engine.runOne(sql);
  stopProgress();
  if (!result.ok) {
    if (options.signal?.aborted) return { ok: false, error: cliError('interrupted', 'interrupted: nothing was written.') };
    const where = result.error.line !== undefined ? ` (line ${result.error.line} of an input)` : '';
    return { ok: false, error: cliError('sql', `pipelines[${doc.pipelines.indexOf(pipeline)}] (pipeline "${pipeline.name}") → ${output.origin}${where}: ${result.error.message}`) };
  }
  const target = output.target.kind === 'stdout' ? 'standard output' : relative(options.cwd, output.target.path) || output.target.path;
  return { ok: true, value: { pipeline: pipeline.name, target, rows: Number(result.value[0]?.[0] ?? 0), seconds: seconds(started) } };
}
