import type { CompileContext } from '../pipeline/compile.ts';
import type { PipelineDocument } from '../pipeline/document.ts';
import type { AppError, Result } from '../result.ts';
import { CheckCompilation, DEFAULT_SAMPLE_SIZE, type CompiledCheck } from './compile-checks.ts';
import { describeRule } from './describe-rule.ts';
import { actionOf, isEnabled, ruleColumn, type CheckRule, type RowAction, type RuleKind, type Severity, type Threshold } from './rules.ts';
import { schemaDifferences } from './schema-compare.ts';
import { fractionOf, statusOf, type CheckStatus } from './verdict.ts';

/**
 * Evaluates checks with any engine: the caller gives a `run` function that runs one read-only
 * statement (as one prepared statement) and returns its rows as objects. The app passes its engine
 * client; the CLI its native DuckDB. Rules run one after another, each on its own, so one rule that
 * cannot run (a missing column) is an `error` result and the others still run.
 */

/** Run one statement; rows as objects keyed by column name. A cancelled query is `{ kind: 'cancelled' }`. */
export type RunSql = (sql: string) => Promise<Result<Record<string, unknown>[]>>;

export interface CheckResult {
  id: string;
  kind: RuleKind;
  /** E.g. `range(latitude, 20..50)`. */
  label: string;
  pipeline: string;
  /** The step after which the rule applies; null: the pipeline's output. */
  after: string | null;
  /** The column a column rule checks; the columns of a combination or relationship; else null. */
  column: string | null;
  columns: string[] | null;
  severity: Severity;
  /** Row rules: what failing rows do; table rules: null. */
  action: RowAction | null;
  status: CheckStatus;
  /** Rows that break the rule (schema: differences; row count: 1 when out of range). */
  failing: number;
  /** Rows checked (schema: columns compared; row count: 1). */
  total: number;
  /** failing / total; 0 when nothing was checked. */
  fraction: number;
  threshold: Threshold | null;
  /** Row count rules: the number of rows. */
  observed: number | null;
  /** Schema rules: each difference as a sentence. */
  differences: string[];
  /** The first failing rows, every value as text (or null), in pipeline order. */
  sample: Record<string, string | null>[];
  /** Why the rule could not be evaluated (status `error`). */
  error: string | null;
  /** Milliseconds spent evaluating the rule. */
  ms: number;
}

export interface CheckEvaluation {
  /** The moment `not_in_future` compared with (ISO 8601 UTC). */
  now: string;
  results: CheckResult[];
}

export interface EvaluateOptions {
  /** How sources become SQL (a table name in the app, a view in the CLI). */
  context: CompileContext;
  /** "Now" for `not_in_future`; default: when the evaluation starts. */
  now?: string;
  /** Failing rows kept per rule (0..1000); default 10. */
  sampleSize?: number;
  /** Asked between queries: true stops the evaluation with a `cancelled` error. */
  isCancelled?: () => boolean;
  /** Milliseconds, for timings; default Date.now. */
  clock?: () => number;
}

const CANCELLED: AppError = { kind: 'cancelled', message: 'The checks were cancelled.' };

class Cancelled extends Error {}

/** A count from any engine: bigint, number or decimal text. */
function count(value: unknown): number {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new Error(`The engine returned ${String(value)} where a count was expected.`);
  return n;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));

/** Evaluate the enabled rules among `rules`, in order; disabled rules give no result. */
export async function evaluateChecks(doc: PipelineDocument, rules: readonly CheckRule[], run: RunSql, options: EvaluateOptions): Promise<Result<CheckEvaluation>> {
  const clock = options.clock ?? Date.now;
  const now = options.now ?? new Date().toISOString();
  const compilation = new CheckCompilation(doc, { ...options.context, now });
  const results: CheckResult[] = [];
  try {
    for (const rule of rules.filter(isEnabled)) {
      if (options.isCancelled?.()) throw new Cancelled();
      const started = clock();
      const base = baseResult(rule);
      const compiled = compilation.check(rule, options.sampleSize ?? DEFAULT_SAMPLE_SIZE);
      const outcome = compiled.ok ? await evaluateOne(compiled.value, run) : { ok: false as const, error: compiled.error.message };
      const ms = Math.max(0, clock() - started);
      results.push(outcome.ok ? { ...base, ...outcome.value, ms } : { ...base, status: 'error', error: outcome.error, ms });
    }
  } catch (e) {
    if (e instanceof Cancelled) return { ok: false, error: CANCELLED };
    throw e;
  }
  return { ok: true, value: { now, results } };
}

function baseResult(rule: CheckRule): CheckResult {
  return {
    id: rule.id,
    kind: rule.kind,
    label: describeRule(rule),
    pipeline: rule.pipeline,
    after: rule.after ?? null,
    column: ruleColumn(rule),
    columns: 'columns' in rule && rule.kind !== 'schema' ? [...rule.columns] : null,
    severity: rule.severity,
    action: actionOf(rule),
    status: 'error',
    failing: 0,
    total: 0,
    fraction: 0,
    threshold: 'threshold' in rule && rule.threshold !== undefined ? rule.threshold : null,
    observed: null,
    differences: [],
    sample: [],
    error: null,
    ms: 0,
  };
}

type Outcome = { ok: true; value: Partial<CheckResult> & { status: CheckStatus } } | { ok: false; error: string };

async function query(run: RunSql, sql: string): Promise<Result<Record<string, unknown>[], string>> {
  const result = await run(sql);
  if (result.ok) return result;
  if (result.error.kind === 'cancelled') throw new Cancelled();
  return { ok: false, error: result.error.message };
}

async function evaluateOne(compiled: CompiledCheck, run: RunSql): Promise<Outcome> {
  const { rule } = compiled;
  try {
    if (compiled.describeSql !== null && rule.kind === 'schema') {
      const described = await query(run, compiled.describeSql);
      if (!described.ok) return described;
      const actual = described.value.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
      const differences = schemaDifferences(rule.columns, actual, rule.exact === true);
      const expectedNames = new Set(rule.columns.map((c) => c.name));
      const total = rule.columns.length + (rule.exact === true ? actual.filter((c) => !expectedNames.has(c.name)).length : 0);
      return { ok: true, value: { status: statusOf(rule, differences.length, total), failing: differences.length, total, fraction: fractionOf(differences.length, total), differences } };
    }
    if (compiled.countSql === null) return { ok: false, error: 'The rule compiled to nothing to run.' };
    const counted = await query(run, compiled.countSql);
    if (!counted.ok) return counted;
    const row = counted.value[0];
    if (!row) return { ok: false, error: 'The count query returned no row.' };
    const failing = count(row.failing);
    const total = count(row.total);
    const observed = rule.kind === 'row_count' ? count(row.observed) : null;
    let sample: Record<string, string | null>[] = [];
    if (failing > 0 && compiled.sampleSql !== null) {
      const sampled = await query(run, compiled.sampleSql);
      if (!sampled.ok) return sampled;
      sample = sampled.value.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)])));
    }
    return { ok: true, value: { status: statusOf(rule, failing, total), failing, total, fraction: fractionOf(failing, total), observed, sample } };
  } catch (e) {
    if (e instanceof Cancelled) throw e;
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
