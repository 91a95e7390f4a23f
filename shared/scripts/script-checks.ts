import { describeRule } from '../checks/describe-rule.ts';
import { FAILED_CHECKS_COLUMN, quarantineRules } from '../checks/quarantine.ts';
import { isEnabled, type CheckRule } from '../checks/rules.ts';
import type { Output, PipelineDocument } from '../pipeline/document.ts';

/**
 * What both script exports share about checks: the rules they evaluate, the outputs the CLI would write
 * (with their quarantine files, named as `cli/quarantine.ts` names them) and how a rule is named in
 * messages.
 */

/** The enabled rules, in document order (the CLI evaluates these). */
export const enabledChecks = (doc: PipelineDocument): CheckRule[] => doc.checks.filter(isEnabled);

/** `check "id" (label)`: a rule in refusals and logs. */
export const checkName = (rule: CheckRule): string => `check "${rule.id}" (${describeRule(rule)})`;

/** The outputs a run writes: the declared ones, else the last pipeline to standard output (as the CLI). */
export function plannedOutputs(doc: PipelineDocument): Output[] {
  if (doc.outputs.length > 0) return doc.outputs;
  const last = doc.pipelines.at(-1);
  return last ? [{ pipeline: last.id, path: '-', format: 'csv' }] : [];
}

/**
 * `out/ca.csv` → `out/ca.quarantine.csv`; `out/ca` → `out/ca.quarantine`: the CLI's `quarantinePath`
 * (Node's `extname`: a name whose only dot is its first character has no extension), for paths as a
 * document writes them.
 */
export function quarantinePathOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base !== '..' ? base.slice(dot) : '';
  return `${dir}${base.slice(0, base.length - ext.length)}.quarantine${ext}`;
}

/** The failed-checks column for a pipeline with these columns: `failed_checks`, else `failed_checks_2`, … (as the CLI). */
export function failedChecksColumn(columns: readonly string[]): string {
  const taken = new Set(columns.map((c) => c.toLowerCase()));
  let column = FAILED_CHECKS_COLUMN;
  for (let n = 2; taken.has(column.toLowerCase()); n++) column = `${FAILED_CHECKS_COLUMN}_${n}`;
  return column;
}

/** Refused when a quarantined pipeline's output goes to standard output: the CLI needs `--quarantine PATH` there. */
export function stdoutQuarantine(doc: PipelineDocument): string | null {
  for (const output of plannedOutputs(doc)) {
    if (output.path !== '-') continue;
    const rules = quarantineRules(doc, output.pipeline);
    if (rules.length === 0) continue;
    const name = doc.pipelines.find((p) => p.id === output.pipeline)?.name ?? output.pipeline;
    return `pipeline "${name}" goes to standard output and has quarantine rules (${rules.map((r) => r.id).join(', ')}); declare a file output for it, so its failing rows go to <output>.quarantine.<ext> beside it`;
  }
  return null;
}
