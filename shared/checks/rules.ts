import type { Scalar } from '../pipeline/document.ts';

/**
 * Data checks: the rules a pipeline document holds in `checks` (document version 2). What NULL, NaN
 * and empty strings mean for each rule is in docs/checks.md and next to each rule's SQL
 * (`rule-sql.ts`).
 *
 * Row rules judge each row (it passes or fails) and take an `action`; table rules judge the whole
 * relation at once (its row count, its schema, a query's result) and have none.
 */

/** How bad a failure beyond the threshold is: `error` fails a run (`--fail-on error`), `warn` only with `--fail-on warn`. */
export type Severity = 'error' | 'warn';

/**
 * What a failing row rule does: `fail` reports at the rule's severity; `warn` reports as a warning
 * whatever the severity; `quarantine` moves every failing row out of the pipeline's written output
 * into its quarantine output, and reports at the rule's severity.
 */
export type RowAction = 'fail' | 'warn' | 'quarantine';

/**
 * How many failing rows are allowed before the rule fails: a count, or a fraction of the rows checked
 * (0..1; Great Expectations' `mostly: 0.95` is `maxFraction: 0.05`). Both bounds are inclusive. No
 * threshold means no failing row is allowed.
 */
export type Threshold = { maxCount: number } | { maxFraction: number };

export type CastTarget = 'number' | 'date' | 'timestamp';

interface RuleBase {
  /** Unique among the document's checks; names the rule in reports and in quarantine outputs. */
  id: string;
  severity: Severity;
  /** The pipeline whose rows are checked. */
  pipeline: string;
  /** The step after which the rule applies; absent: the pipeline's output (after its last step). */
  after?: string;
  /** Disabled rules stay in the document and are not evaluated. Absent: enabled. */
  enabled?: boolean;
  /** An optional note from the user. */
  note?: string;
}

interface RowRuleBase extends RuleBase {
  threshold?: Threshold;
  /** Absent: `fail`. */
  action?: RowAction;
}

export type ColumnRule =
  | (RowRuleBase & { kind: 'not_null'; column: string; emptyIsNull?: boolean; nanIsNull?: boolean })
  | (RowRuleBase & { kind: 'unique'; column: string })
  | (RowRuleBase & { kind: 'accepted_values'; column: string; values: Exclude<Scalar, null>[] })
  | (RowRuleBase & { kind: 'range'; column: string; min?: Exclude<Scalar, null>; max?: Exclude<Scalar, null>; minInclusive?: boolean; maxInclusive?: boolean })
  | (RowRuleBase & { kind: 'regex'; column: string; pattern: string })
  | (RowRuleBase & { kind: 'length'; column: string; min?: number; max?: number })
  | (RowRuleBase & { kind: 'castable'; column: string; to: CastTarget; format?: string; emptyIsNull?: boolean })
  | (RowRuleBase & { kind: 'not_in_future'; column: string })
  | (RowRuleBase & { kind: 'expression'; expression: string });

export type RowTableRule =
  | (RowRuleBase & { kind: 'unique_combination'; columns: string[] })
  | (RowRuleBase & { kind: 'relationship'; columns: string[]; to: { kind: 'source' | 'pipeline'; id: string; columns: string[] } });

export type TableRule =
  | (RuleBase & { kind: 'row_count'; min?: number; max?: number })
  | (RuleBase & { kind: 'schema'; columns: { name: string; type?: string }[]; exact?: boolean })
  | (RuleBase & { kind: 'sql'; query: string; threshold?: Threshold });

export type RowRule = ColumnRule | RowTableRule;
export type CheckRule = RowRule | TableRule;
export type RuleKind = CheckRule['kind'];

/** A rule without its identity and place: what the "Add check…" form produces. */
export type RuleDraft = CheckRule extends infer R ? (R extends CheckRule ? Omit<R, 'id' | 'pipeline' | 'after'> : never) : never;

export const SEVERITIES: readonly Severity[] = ['error', 'warn'];
export const ROW_ACTIONS: readonly RowAction[] = ['fail', 'warn', 'quarantine'];
export const CAST_TARGETS: readonly CastTarget[] = ['number', 'date', 'timestamp'];

export const COLUMN_RULE_KINDS = ['not_null', 'unique', 'accepted_values', 'range', 'regex', 'length', 'castable', 'not_in_future', 'expression'] as const satisfies readonly ColumnRule['kind'][];
export const ROW_RULE_KINDS = [...COLUMN_RULE_KINDS, 'unique_combination', 'relationship'] as const satisfies readonly RowRule['kind'][];
/** Rules about the table rather than one column: the app adds them from the Checks panel, not a column menu. */
export const TABLE_RULE_KINDS = ['row_count', 'unique_combination', 'relationship', 'schema', 'sql'] as const satisfies readonly RuleKind[];
export const RULE_KINDS: readonly RuleKind[] = [...ROW_RULE_KINDS, 'row_count', 'schema', 'sql'];

/** The rule's name in the app ("Rule" select options) and in summaries. */
export const RULE_LABELS: Record<RuleKind, string> = {
  not_null: 'Not null',
  unique: 'Unique',
  accepted_values: 'Accepted values',
  range: 'Range',
  regex: 'Matches regex',
  length: 'Length',
  castable: 'Castable to',
  not_in_future: 'Not in the future',
  expression: 'Custom expression',
  row_count: 'Row count',
  unique_combination: 'Unique combination',
  relationship: 'Relationship',
  schema: 'Expected schema',
  sql: 'Custom SQL',
};

export function isRowRule(rule: CheckRule): rule is RowRule {
  return (ROW_RULE_KINDS as readonly string[]).includes(rule.kind);
}

/** Whether the rule takes a threshold: row rules and custom SQL (a count of failing rows). */
export function takesThreshold(rule: CheckRule): rule is RowRule | Extract<TableRule, { kind: 'sql' }> {
  return isRowRule(rule) || rule.kind === 'sql';
}

export const isEnabled = (rule: CheckRule): boolean => rule.enabled !== false;

/** The action of a row rule (default `fail`); null for table rules. */
export function actionOf(rule: CheckRule): RowAction | null {
  return isRowRule(rule) ? (rule.action ?? 'fail') : null;
}

/** The single column a rule checks, when it checks one. */
export function ruleColumn(rule: CheckRule): string | null {
  return 'column' in rule && typeof rule.column === 'string' ? rule.column : null;
}
