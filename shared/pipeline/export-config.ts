import type { Result } from '../result.ts';
import type { InputRef, Output, PipelineDocument, Source } from './document.ts';
import { describeProblems, parseDocument } from './validate.ts';

/**
 * "Pipeline config…": the pipeline the user is looking at, as a document the CLI runs (`sluice run`). It
 * holds that pipeline, every pipeline and source it reads (joins and unions included), and the outputs
 * chosen in the dialog. Input paths are relative to the folder the config is saved in, so the config and
 * its data move together; in web mode the browser knows only file names, so the paths are the names and
 * the config runs when placed beside the data.
 */

export type ConfigOutputFormat = Output['format'];

export interface ConfigRequest {
  doc: PipelineDocument;
  /** The pipeline shown in the app. */
  pipelineId: string;
  /** The folder the config is saved in (an absolute path, desktop), or null when only file names are known (web). */
  configDir: string | null;
  /** Declared outputs: file names (beside the config) and formats. */
  outputs: readonly { fileName: string; format: ConfigOutputFormat }[];
}

export function pipelineConfig(request: ConfigRequest): Result<PipelineDocument, string> {
  const { doc, pipelineId } = request;
  if (!doc.pipelines.some((p) => p.id === pipelineId)) return { ok: false, error: 'There is no pipeline to export.' };
  const needed = neededBy(doc, pipelineId);
  for (const output of request.outputs) {
    const name = output.fileName.trim();
    if (name === '' || /[/\\]/.test(name) || name === '.' || name === '..') return { ok: false, error: `The output "${output.fileName}" must be a file name, without folders.` };
  }
  const config: PipelineDocument = {
    ...doc,
    sources: doc.sources.filter((s) => needed.sources.has(s.id)).map((s) => withPath(s, inputPath(s, request.configDir))),
    pipelines: doc.pipelines.filter((p) => needed.pipelines.has(p.id)),
    checks: doc.checks.filter((c) => needed.pipelines.has(c.pipeline)),
    outputs: request.outputs.map((o) => ({ pipeline: pipelineId, path: o.fileName.trim(), format: o.format })),
  };
  const valid = parseDocument(JSON.parse(JSON.stringify(config)) as unknown);
  return valid.ok ? { ok: true, value: config } : { ok: false, error: describeProblems(valid.error) };
}

/** The config file's text. */
export function configJson(doc: PipelineDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function withPath(source: Source, path: string): Source {
  return { ...source, file: { ...source.file, path } };
}

/** A source's path as the config writes it. */
export function inputPath(source: Source, configDir: string | null): string {
  if (configDir === null || !isAbsolute(source.file.path)) return source.file.name;
  return relativePath(configDir, source.file.path);
}

/** The pipelines and sources a pipeline reads, directly, through others or through its checks. */
function neededBy(doc: PipelineDocument, pipelineId: string): { pipelines: Set<string>; sources: Set<string> } {
  const pipelines = new Set<string>();
  const sources = new Set<string>();
  const visit = (ref: InputRef) => {
    if (ref.kind === 'source') return void sources.add(ref.id);
    if (pipelines.has(ref.id)) return;
    pipelines.add(ref.id);
    const pipeline = doc.pipelines.find((p) => p.id === ref.id);
    if (!pipeline) return;
    visit(pipeline.input);
    for (const step of pipeline.steps) {
      if (step.kind === 'join') visit(step.with);
      if (step.kind === 'union') step.with.forEach(visit);
    }
  };
  visit({ kind: 'pipeline', id: pipelineId });
  // The checks on those pipelines come along, with what their relationships read.
  for (let size = -1; size !== pipelines.size + sources.size; ) {
    size = pipelines.size + sources.size;
    for (const check of doc.checks) if (check.kind === 'relationship' && pipelines.has(check.pipeline)) visit(check.to);
  }
  return { pipelines, sources };
}

const WINDOWS_ABSOLUTE = /^([A-Za-z]:[\\/]|\\\\)/;
const isWindows = (p: string) => WINDOWS_ABSOLUTE.test(p);
const isAbsolute = (p: string) => p.startsWith('/') || isWindows(p);

/**
 * `to` relative to the folder `from` (both absolute), with `/` separators (which the CLI reads on every
 * system). Windows paths compare without case; on another drive the absolute path is kept.
 */
export function relativePath(from: string, to: string): string {
  const windows = isWindows(from) || isWindows(to);
  const parts = (p: string) => p.split(windows ? /[\\/]+/ : /\/+/).filter((s) => s !== '' && s !== '.');
  const a = parts(from);
  const b = parts(to);
  const same = (x: string | undefined, y: string | undefined) => (windows ? x?.toLowerCase() === y?.toLowerCase() : x === y);
  if (windows && !same(a[0], b[0])) return to.replaceAll('\\', '/');
  let common = 0;
  while (common < a.length && common < b.length && same(a[common], b[common])) common++;
  const up = a.slice(common).map(() => '..');
  return [...up, ...b.slice(common)].join('/') || '.';
}
