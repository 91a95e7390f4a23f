import { CompileError } from '../pipeline/compile.ts';
import type { PipelineDocument } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { INTERNAL_PREFIX } from '../sql/guard.ts';
import { ident, str } from '../sql/quote.ts';
import { CHECKED_CTE, CheckCompilation, checkError, POSITION_COLUMN, positionedRows, withCtes, type CheckContext } from './compile-checks.ts';
import { ROW_ALIAS } from './rule-sql.ts';
import { isEnabled, isRowRule, type RowRule } from './rules.ts';

/**
 * Quarantine splits the rows a pipeline writes in two: the passing rows (the main output) and the
 * failing rows (the quarantine output). A row fails when it breaks any enabled row rule of the
 * pipeline whose action is `quarantine`; every failing row is moved, whatever the rule's threshold
 * (the threshold decides only whether the rule passes). Quarantine rules check the pipeline's output
 * (the schema refuses `after` with `quarantine`), and checks never change what the pipeline computes:
 * other pipelines that read this one still read all its rows.
 *
 * The failing rows carry one more column, `failed_checks` (VARCHAR): the ids of the rules the row
 * broke, in document order, separated by ", " (rule ids hold no comma or space), e.g.
 * `lat_range, id_unique`. Both outputs keep the pipeline's row order; their counts add up to the
 * pipeline's row count.
 */

/** The column naming the rules each quarantined row broke. */
export const FAILED_CHECKS_COLUMN = 'failed_checks';
export const FAILED_CHECKS_SEPARATOR = ', ';

export interface QuarantineSql {
  pipeline: string;
  /** The ids of the quarantine rules, in document order. */
  rules: string[];
  /** The rows that break no quarantine rule: the pipeline's columns, in its order. */
  passingSql: string;
  /** The rows that break one or more: the pipeline's columns and `column`. */
  failingSql: string;
  /** The name of the column listing the broken rules. */
  column: string;
}

/** The enabled quarantine rules of a pipeline, in document order. */
export function quarantineRules(doc: PipelineDocument, pipelineId: string): RowRule[] {
  return doc.checks.filter((r): r is RowRule => isRowRule(r) && isEnabled(r) && r.action === 'quarantine' && r.pipeline === pipelineId);
}

/**
 * The passing and failing queries of a pipeline's output, or null when it has no quarantine rule.
 * `column` renames `failed_checks` (when the pipeline already has a column of that name).
 */
export function quarantineSql(doc: PipelineDocument, pipelineId: string, ctx: CheckContext, options: { column?: string } = {}): Result<QuarantineSql | null> {
  const rules = quarantineRules(doc, pipelineId);
  if (rules.length === 0) return { ok: true, value: null };
  const column = options.column ?? FAILED_CHECKS_COLUMN;
  const compilation = new CheckCompilation(doc, ctx);
  let current: RowRule = rules[0]!;
  try {
    if (column === '' || column.startsWith(INTERNAL_PREFIX)) throw new CompileError(`"${column}" cannot name the failed-checks column.`);
    const broken = rules.map((rule) => {
      current = rule;
      if (rule.after !== undefined) throw new CompileError('Quarantine applies to the rows a pipeline writes: remove "after".');
      return `CASE WHEN ${compilation.predicate(rule)} THEN ${str(rule.id)} END`;
    });
    const failed = ident(`${INTERNAL_PREFIX}_failed`);
    const checked: [string, string] = [CHECKED_CTE, compilation.checkedQuery({ pipeline: pipelineId })];
    const flagged = `(SELECT ${ident(ROW_ALIAS)}.*, concat_ws(${str(FAILED_CHECKS_SEPARATOR)}, ${broken.join(', ')}) AS ${failed} FROM ${positionedRows})`;
    const pos = ident(POSITION_COLUMN);
    return {
      ok: true,
      value: {
        pipeline: pipelineId,
        rules: rules.map((r) => r.id),
        passingSql: withCtes([checked], `SELECT * EXCLUDE (${failed}, ${pos}) FROM ${flagged} WHERE ${failed} = '' ORDER BY ${pos}`),
        failingSql: withCtes([checked], `SELECT * EXCLUDE (${failed}, ${pos}), ${failed} AS ${ident(column)} FROM ${flagged} WHERE ${failed} <> '' ORDER BY ${pos}`),
        column,
      },
    };
  } catch (e) {
    return { ok: false, error: checkError(current, e) };
  }
}
