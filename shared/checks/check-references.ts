import type { PipelineDocument } from '../pipeline/document.ts';
import type { SchemaProblem } from '../pipeline/validate.ts';
import { isRowRule, type CheckRule } from './rules.ts';

/**
 * What the JSON Schema cannot say about a document's checks: ids are unique, the pipeline, step and
 * relationship target exist, bounds are in order, keys pair up, and quarantine applies where rows
 * are written (the pipeline's output). Run by `parseDocument` after the schema.
 */
export function checkProblems(doc: PipelineDocument): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const ids = new Set<string>();
  doc.checks.forEach((rule, i) => {
    const at = (field?: string) => `checks[${i}]${field ? `.${field}` : ''}`;
    const problem = (field: string | undefined, message: string) => problems.push({ path: at(field), message });
    if (ids.has(rule.id)) problem('id', `Check id "${rule.id}" is used twice.`);
    ids.add(rule.id);
    const pipeline = doc.pipelines.find((p) => p.id === rule.pipeline);
    if (!pipeline) problem('pipeline', `No pipeline with id "${rule.pipeline}".`);
    else if (rule.after !== undefined && !pipeline.steps.some((s) => s.id === rule.after)) problem('after', `Pipeline "${pipeline.name}" has no step with id "${rule.after}".`);
    if (isRowRule(rule) && rule.action === 'quarantine' && rule.after !== undefined) {
      problem('action', 'Quarantine applies to the rows a pipeline writes: remove "after" (check the output) or choose the action "fail" or "warn".');
    }
    for (const [field, message] of boundProblems(rule)) problem(field, message);
    if (rule.kind === 'relationship') {
      const target = rule.to.kind === 'source' ? doc.sources.some((s) => s.id === rule.to.id) : doc.pipelines.some((p) => p.id === rule.to.id);
      if (!target) problem('to.id', `No ${rule.to.kind} with id "${rule.to.id}".`);
      if (rule.to.columns.length !== rule.columns.length) problem('to.columns', `The key has ${rule.columns.length} column(s) here and ${rule.to.columns.length} in "${rule.to.id}"; they pair up one to one.`);
    }
  });
  return problems;
}

/** Bounds that cannot all hold: min above max, a format for numbers. */
function boundProblems(rule: CheckRule): [string, string][] {
  switch (rule.kind) {
    case 'length':
    case 'row_count':
      return rule.min !== undefined && rule.max !== undefined && rule.min > rule.max ? [['min', `min (${rule.min}) is greater than max (${rule.max}).`]] : [];
    case 'range':
      return typeof rule.min === 'number' && typeof rule.max === 'number' && rule.min > rule.max ? [['min', `min (${rule.min}) is greater than max (${rule.max}).`]] : [];
    case 'castable':
      return rule.to === 'number' && rule.format !== undefined ? [['format', 'A format applies to dates and timestamps, not numbers.']] : [];
    default:
      return [];
  }
}
