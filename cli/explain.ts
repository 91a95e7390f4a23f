import { pipelineQuery } from '../shared/pipeline/compile.ts';
import type { Result } from '../shared/result.ts';
import { compileOne } from './compile.ts';
import { loadConfig, planRun } from './config.ts';
import { cliError, type CliError } from './errors.ts';
import { csvOptionsFor, readSql } from './sources.ts';

/**
 * `sluice explain`: the SQL each pipeline compiles to, after comments saying how each source is read.
 * Nothing is read or run.
 */
export async function explainConfig(options: { config: string; cwd: string; pipeline?: string }): Promise<Result<string, CliError>> {
  const loaded = await loadConfig(options.config, options.cwd);
  if (!loaded.ok) return loaded;
  const doc = loaded.value.doc;
  const plan = planRun(loaded.value, { inputs: [], outputs: [], cwd: options.cwd });
  if (!plan.ok) return plan;
  const pipelines = options.pipeline === undefined ? doc.pipelines : doc.pipelines.filter((p) => p.name === options.pipeline || p.id === options.pipeline);
  if (pipelines.length === 0) return { ok: false, error: cliError('config', `--pipeline ${options.pipeline ?? ''}: no pipeline of that name (pipelines: ${doc.pipelines.map((p) => JSON.stringify(p.name)).join(', ') || '(none)'}).`) };
  const parts: string[] = [];
  for (const input of plan.value.inputs) {
    const how = input.source.format === 'arrow' ? `Arrow IPC ${JSON.stringify(input.path)}, converted to a temporary table` : readSql({ ...input.source, csv: csvOptionsFor(input.source) }, input.path);
    parts.push(`-- source "${input.source.name}": ${how.replaceAll('\n', ' ')}`);
  }
  for (const pipeline of pipelines) {
    const compiled = compileOne(doc, pipeline);
    if (!compiled.ok) return compiled;
    parts.push(`\n-- pipeline "${pipeline.name}"\n${pipelineQuery(compiled.value)};`);
  }
  return { ok: true, value: `${parts.join('\n')}\n` };
}
