import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { formatFromName } from '../shared/formats.ts';
import { tableNameProblem } from '../shared/naming.ts';
import type { Output, Pipeline, PipelineDocument, Source } from '../shared/pipeline/document.ts';
import { parseProject } from '../shared/pipeline/project.ts';
import { INTERNAL_PREFIX } from '../shared/sql/guard.ts';
import { errorMessage, type Result } from '../shared/result.ts';
import { cliError, type CliError } from './errors.ts';

/**
 * A config (a bare pipeline document or a saved project, `*.sluice.json`) turned into what to run:
 * every input with its absolute path, every output with its target. Relative paths in the config
 * resolve against the config's folder, never the current directory; paths given on the command line
 * (`--input`, `--output`) resolve against the current directory, as any shell path does.
 */

export type OutputFormat = Output['format'];
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['csv', 'parquet', 'json', 'ndjson'];

export interface PlannedInput {
  source: Source;
  /** Absolute path of the file. */
  path: string;
  /** Where the path came from, for messages: `sources[0].file.path` or `--input people=…`. */
  origin: string;
}

export type OutputTarget = { kind: 'file'; path: string } | { kind: 'stdout' };

export interface PlannedOutput {
  pipeline: Pipeline;
  target: OutputTarget;
  format: OutputFormat;
  /** `outputs[0]`, `--output main=…` or `(no outputs: stdout)`. */
  origin: string;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  path: string;
  doc: PipelineDocument;
}

export interface RunPlan {
  config: LoadedConfig;
  inputs: PlannedInput[];
  outputs: PlannedOutput[];
}

export interface Overrides {
  /** `NAME=PATH`, by source name. */
  inputs: readonly string[];
  /** `NAME=PATH`, by pipeline name; `-` is standard output. */
  outputs: readonly string[];
  /** Where command-line paths are relative to. */
  cwd: string;
}

/** Read and validate a config file; the message names the file and the JSON path of each problem. */
export async function loadConfig(file: string, cwd: string): Promise<Result<LoadedConfig, CliError>> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : errorMessage(e);
    return { ok: false, error: cliError('config', `${file}: cannot read the config (${why}).`, { file: path }) };
  }
  const parsed = parseProject(text);
  if (!parsed.ok) {
    const lines = parsed.error.split('\n');
    const message = lines.length === 1 ? `${file}: ${lines[0]!}` : `${file}: ${lines.length} problems:\n${lines.map((l) => `  ${l}`).join('\n')}`;
    return { ok: false, error: cliError('config', message, { file: path }) };
  }
  const problem = namingProblem(parsed.value.pipeline);
  if (problem) return { ok: false, error: cliError('config', `${file}: ${problem}`, { file: path }) };
  return { ok: true, value: { path, doc: parsed.value.pipeline } };
}

/** Source names become the names of views; they must be distinct and not Sluice's own. */
function namingProblem(doc: PipelineDocument): string | null {
  const taken: string[] = [];
  for (const [index, source] of doc.sources.entries()) {
    if (source.name.toLowerCase().startsWith(INTERNAL_PREFIX)) return `sources[${index}].name: names starting with ${INTERNAL_PREFIX} belong to Sluice.`;
    const problem = tableNameProblem(source.name, taken);
    if (problem) return `sources[${index}].name: ${problem}`;
    taken.push(source.name);
  }
  return null;
}

/** Split `NAME=PATH` at the first `=`. */
function assignment(text: string, flag: string): Result<{ name: string; path: string }, CliError> {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) return { ok: false, error: cliError('config', `${flag} ${text}: expected NAME=PATH.`) };
  return { ok: true, value: { name: text.slice(0, at), path: text.slice(at + 1) } };
}

function findSource(doc: PipelineDocument, name: string): Source | undefined {
  return doc.sources.find((s) => s.name === name) ?? doc.sources.find((s) => s.id === name);
}

function findPipeline(doc: PipelineDocument, name: string): Pipeline | undefined {
  return doc.pipelines.find((p) => p.name === name) ?? doc.pipelines.find((p) => p.id === name);
}

const quotedList = (names: readonly string[]) => (names.length === 0 ? '(none)' : names.map((n) => JSON.stringify(n)).join(', '));

/** The inputs and outputs of a run, with the command line's overrides applied. */
export function planRun(config: LoadedConfig, overrides: Overrides): Result<RunPlan, CliError> {
  const { doc } = config;
  const folder = dirname(config.path);
  const configName = basename(config.path);

  const inputPaths = new Map<string, { path: string; origin: string }>();
  for (const text of overrides.inputs) {
    const parsed = assignment(text, '--input');
    if (!parsed.ok) return parsed;
    const source = findSource(doc, parsed.value.name);
    if (!source) return { ok: false, error: cliError('config', `--input ${text}: ${configName} has no source named "${parsed.value.name}" (sources: ${quotedList(doc.sources.map((s) => s.name))}).`) };
    inputPaths.set(source.id, { path: resolve(overrides.cwd, parsed.value.path), origin: `--input ${text}` });
  }
  const inputs = doc.sources.map((source, index): PlannedInput => {
    const override = inputPaths.get(source.id);
    return override ? { source, ...override } : { source, path: resolve(folder, source.file.path), origin: `sources[${index}].file.path` };
  });

  const overridden = new Map<string, PlannedOutput>();
  for (const text of overrides.outputs) {
    const parsed = assignment(text, '--output');
    if (!parsed.ok) return parsed;
    const pipeline = findPipeline(doc, parsed.value.name);
    if (!pipeline) return { ok: false, error: cliError('config', `--output ${text}: ${configName} has no pipeline named "${parsed.value.name}" (pipelines: ${quotedList(doc.pipelines.map((p) => p.name))}).`) };
    const declared = doc.outputs.find((o) => o.pipeline === pipeline.id);
    const stdout = parsed.value.path === '-';
    const byName = stdout ? undefined : formatFromName(parsed.value.path);
    if (byName === 'arrow') return { ok: false, error: cliError('config', `--output ${text}: Arrow IPC is not an output format (one of ${OUTPUT_FORMATS.join(', ')}).`) };
    const format: OutputFormat = byName ?? declared?.format ?? 'csv';
    overridden.set(pipeline.id, { pipeline, target: stdout ? { kind: 'stdout' } : { kind: 'file', path: resolve(overrides.cwd, parsed.value.path) }, format, origin: `--output ${text}` });
  }

  const outputs: PlannedOutput[] = [];
  doc.outputs.forEach((output, index) => {
    if (overridden.has(output.pipeline)) return;
    const pipeline = doc.pipelines.find((p) => p.id === output.pipeline)!;
    const target: OutputTarget = output.path === '-' ? { kind: 'stdout' } : { kind: 'file', path: resolve(folder, output.path) };
    outputs.push({ pipeline, target, format: output.format, origin: `outputs[${index}]` });
  });
  outputs.push(...overridden.values());
  if (outputs.length === 0) {
    const last = doc.pipelines.at(-1);
    if (!last) return { ok: false, error: cliError('config', `${configName}: there is no pipeline to run (pipelines is empty).`, { file: config.path }) };
    outputs.push({ pipeline: last, target: { kind: 'stdout' }, format: 'csv', origin: '(no outputs declared: the last pipeline to standard output)' });
  }

  const stdoutCount = outputs.filter((o) => o.target.kind === 'stdout').length;
  if (stdoutCount > 1) return { ok: false, error: cliError('config', `${stdoutCount} outputs go to standard output; at most one can.`) };
  const seen = new Map<string, string>();
  for (const output of outputs) {
    if (output.target.kind !== 'file') continue;
    const other = seen.get(output.target.path);
    if (other) return { ok: false, error: cliError('config', `${output.origin} and ${other} both write ${output.target.path}.`) };
    seen.set(output.target.path, output.origin);
  }
  return { ok: true, value: { config, inputs, outputs } };
}
