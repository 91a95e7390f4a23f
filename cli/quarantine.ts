import { basename, dirname, extname, join, resolve } from 'node:path';
import { FAILED_CHECKS_COLUMN, quarantineRules, quarantineSql, type QuarantineSql } from '../shared/checks/quarantine.ts';
import { formatFromName } from '../shared/formats.ts';
import type { PipelineDocument } from '../shared/pipeline/document.ts';
import type { Result } from '../shared/result.ts';
import { cliContext } from './compile.ts';
import { OUTPUT_FORMATS, type OutputFormat, type PlannedOutput } from './config.ts';
import type { NativeEngine } from './engine.ts';
import { cliError, type CliError } from './errors.ts';

/**
 * Quarantine outputs. A pipeline with rules whose action is `quarantine` writes two files: its output
 * gets the passing rows, and the quarantine output the failing rows with `failed_checks`
 * (`shared/checks/quarantine.ts`). The document has no field for the quarantine path: it is
 * `<output stem>.quarantine.<ext>` beside each output of that pipeline (`out/ca.csv` →
 * `out/ca.quarantine.csv`), in the output's format. An output on standard output needs
 * `--quarantine PATH` (format from its extension, else the output's); without it the run is refused
 * before anything runs. Quarantine files are staged, locked down and renamed like every output, and are
 * written even when the checks fail the run (the main outputs are not).
 */

export interface QuarantinePlan {
  /** The output whose failing rows these are. */
  main: PlannedOutput;
  /** Where they go (origin: `quarantine of outputs[0]`, or `--quarantine PATH`). */
  quarantine: PlannedOutput;
}

/** `out/ca.csv` → `out/ca.quarantine.csv`; `out/ca` → `out/ca.quarantine`. */
export function quarantinePath(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.quarantine${ext}`);
}

/** The quarantine output of every planned output whose pipeline has quarantine rules. */
export function planQuarantine(doc: PipelineDocument, outputs: readonly PlannedOutput[], flag: string | undefined, cwd: string): Result<QuarantinePlan[], CliError> {
  const plans: QuarantinePlan[] = [];
  let flagUsed = false;
  for (const main of outputs) {
    const rules = quarantineRules(doc, main.pipeline.id);
    if (rules.length === 0) continue;
    if (main.target.kind === 'file') {
      plans.push({ main, quarantine: { pipeline: main.pipeline, target: { kind: 'file', path: quarantinePath(main.target.path) }, format: main.format, origin: `quarantine of ${main.origin}` } });
      continue;
    }
    const ids = rules.map((r) => r.id).join(', ');
    if (flag === undefined) {
      return { ok: false, error: cliError('config', `${main.origin} (pipeline "${main.pipeline.name}") goes to standard output and has quarantine rules (${ids}): give --quarantine PATH for its failing rows.`) };
    }
    const byName = formatFromName(flag);
    if (flag === '-' || byName === 'arrow') return { ok: false, error: cliError('config', `--quarantine ${flag}: give a file path (${OUTPUT_FORMATS.join(', ')}; standard output carries the passing rows).`) };
    const format: OutputFormat = byName ?? main.format;
    plans.push({ main, quarantine: { pipeline: main.pipeline, target: { kind: 'file', path: resolve(cwd, flag) }, format, origin: `--quarantine ${flag}` } });
    flagUsed = true;
  }
  if (flag !== undefined && !flagUsed) {
    return { ok: false, error: cliError('config', `--quarantine ${flag}: no output on standard output has quarantine rules (quarantine files beside declared outputs are named <output>.quarantine.<ext>).`) };
  }
  const seen = new Map<string, string>();
  for (const output of [...outputs, ...plans.map((p) => p.quarantine)]) {
    if (output.target.kind !== 'file') continue;
    const other = seen.get(output.target.path);
    if (other) return { ok: false, error: cliError('config', `${output.origin} and ${other} both write ${output.target.path}.`) };
    seen.set(output.target.path, output.origin);
  }
  return { ok: true, value: plans };
}

/**
 * The passing and failing queries of a pipeline, `now` being the checks' moment. The failed-checks column
 * is `failed_checks`, or `failed_checks_2`, … when the pipeline already has a column of that name.
 */
export async function splitQueries(engine: NativeEngine, doc: PipelineDocument, main: PlannedOutput, pipelineSql: string, now: string): Promise<Result<QuarantineSql, CliError>> {
  const described = await engine.describe(pipelineSql);
  if (!described.ok) return { ok: false, error: cliError('sql', `pipeline "${main.pipeline.name}": ${described.error.message}`) };
  const taken = new Set(described.value.map((c) => c.name.toLowerCase()));
  let column = FAILED_CHECKS_COLUMN;
  for (let n = 2; taken.has(column.toLowerCase()); n++) column = `${FAILED_CHECKS_COLUMN}_${n}`;
  const split = quarantineSql(doc, main.pipeline.id, { ...cliContext, now }, { column });
  if (!split.ok) return { ok: false, error: cliError('compile', `quarantine of pipeline "${main.pipeline.name}": ${split.error.message}`) };
  if (split.value === null) return { ok: false, error: cliError('internal', `pipeline "${main.pipeline.name}" has no quarantine rule.`) };
  return { ok: true, value: split.value };
}
