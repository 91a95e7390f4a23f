import { compilePipeline, CompileError, pipelineQuery, queryAt, type CompileContext } from '../pipeline/compile.ts';
import type { PipelineDocument } from '../pipeline/document.ts';
import { LIMITS } from '../pipeline/limits.ts';
import { errorMessage, type AppError, type Result } from '../result.ts';
import { checkQuery, INTERNAL_PREFIX, stripTrailingSemicolon } from '../sql/guard.ts';
import { ident, num } from '../sql/quote.ts';
import { failingPredicate, ROW_ALIAS, type RelationSql } from './rule-sql.ts';
import { isRowRule, RULE_KINDS, type CheckRule, type RowRule } from './rules.ts';

/**
 * Compiles each check to the SQL that evaluates it, over the rows at its place in the pipeline
 * (`queryAt` after its step, or the pipeline's output). Every query is one read-only statement; the
 * pipeline's own SQL is the compiler's, unchanged, inside a CTE.
 *
 * Row rules and custom SQL give: a count (one row, `failing` and `total`), a sample of failing rows
 * (every value as text, in pipeline order) and every failing row with its own types (for the grid).
 * A row-count rule gives a count (`failing` is 1 when the count is out of range, `total` is 1, and
 * `observed` the row count). A schema rule gives the DESCRIBE of the checked rows.
 */

export interface CheckContext extends CompileContext {
  /** The moment "not in the future" compares with: ISO 8601 UTC, e.g. `new Date().toISOString()`. */
  now: string;
}

export interface CompiledCheck {
  rule: CheckRule;
  /** One row: `failing`, `total` (and `observed` for row counts). Null for schema rules. */
  countSql: string | null;
  /** Schema rules: `column_name`, `column_type` of the checked rows, in order. */
  describeSql: string | null;
  /** The first failing rows (at most `sampleSize`), every value as text, in pipeline order. */
  sampleSql: string | null;
  /** Every failing row with its own types, in pipeline order: what "show in the grid" runs. */
  failingRowsSql: string | null;
}

export const DEFAULT_SAMPLE_SIZE = 10;

const CHECKED = `${INTERNAL_PREFIX}_checked`;
const FAIL = `${INTERNAL_PREFIX}_fail`;
const POS = `${INTERNAL_PREFIX}_pos`;
const CHECKED_ROW = `${INTERNAL_PREFIX}_c`;

/** `WITH <name> AS (<sql>), … <select>`, refused beyond the size limit. */
export function withCtes(ctes: readonly [string, string][], select: string): string {
  const sql = `WITH ${ctes.map(([name, body]) => `${ident(name)} AS (\n${body}\n)`).join(', ')}\n${select}`;
  if (sql.length > LIMITS.compiledSqlChars) throw new CompileError(`The check compiles to ${sql.length.toLocaleString('en-US')} characters of SQL; the limit is ${LIMITS.compiledSqlChars.toLocaleString('en-US')}.`);
  return sql;
}

/** The checked rows with their position (before any window function can reorder them). */
export const positionedRows = `(SELECT ${ident(CHECKED_ROW)}.*, row_number() OVER () AS ${ident(POS)} FROM ${ident(CHECKED)} AS ${ident(CHECKED_ROW)}) AS ${ident(ROW_ALIAS)}`;
export { CHECKED as CHECKED_CTE, POS as POSITION_COLUMN };

/**
 * One compilation of a document's checks: each pipeline is compiled once, however many rules check
 * it or look keys up in it.
 */
export class CheckCompilation {
  private readonly pipelines = new Map<string, ReturnType<typeof compilePipeline>>();

  constructor(
    readonly doc: PipelineDocument,
    readonly ctx: CheckContext,
  ) {}

  private compiled(pipelineId: string) {
    let compiled = this.pipelines.get(pipelineId);
    if (!compiled) {
      if (!this.doc.pipelines.some((p) => p.id === pipelineId)) throw new CompileError(`No pipeline with id "${pipelineId}".`);
      compiled = compilePipeline(this.doc, pipelineId, this.ctx);
      this.pipelines.set(pipelineId, compiled);
    }
    return compiled;
  }

  /** The query for the rows a rule checks: after its step, or the pipeline's output. */
  checkedQuery(rule: Pick<CheckRule, 'pipeline' | 'after'>): string {
    if (typeof rule.pipeline !== 'string') throw new CompileError('The check names no pipeline.');
    const compiled = this.compiled(rule.pipeline);
    if (rule.after === undefined) return pipelineQuery(compiled);
    if (typeof rule.after !== 'string') throw new CompileError('"after" must be a step id.');
    return queryAt(compiled, rule.after);
  }

  /** SQL for the rows of another source or pipeline (a relationship's target). */
  readonly relation: RelationSql = (to) => {
    if (to.kind === 'source') {
      const source = this.doc.sources.find((s) => s.id === to.id);
      if (!source) throw new CompileError(`No source with id "${to.id}".`);
      return this.ctx.sourceSql(source);
    }
    return `(${pipelineQuery(this.compiled(to.id))})`;
  };

  predicate(rule: RowRule): string {
    return failingPredicate(rule, this.relation, this.ctx.now);
  }

  /** Compile one rule; a rule that cannot compile is an error of its own, not of the others. */
  check(rule: CheckRule, sampleSize = DEFAULT_SAMPLE_SIZE): Result<CompiledCheck> {
    try {
      if (!RULE_KINDS.includes(rule.kind)) throw new CompileError(`${JSON.stringify(rule.kind)} is not a check kind.`);
      return { ok: true, value: this.compile(rule, sampleLimit(sampleSize)) };
    } catch (e) {
      return { ok: false, error: checkError(rule, e) };
    }
  }

  private compile(rule: CheckRule, limit: string): CompiledCheck {
    const checked: [string, string] = [CHECKED, this.checkedQuery(rule)];
    const none = { countSql: null, describeSql: null, sampleSql: null, failingRowsSql: null };
    if (isRowRule(rule)) {
      const fail = this.predicate(rule);
      const flagged = `(SELECT ${ident(ROW_ALIAS)}.*, ${fail} AS ${ident(FAIL)} FROM ${positionedRows})`;
      return {
        ...none,
        rule,
        countSql: withCtes([checked], `SELECT count(*) FILTER (WHERE ${ident(FAIL)}) AS failing, count(*) AS total FROM (SELECT ${fail} AS ${ident(FAIL)} FROM ${ident(CHECKED)} AS ${ident(ROW_ALIAS)})`),
        sampleSql: withCtes([checked], `SELECT CAST(COLUMNS(* EXCLUDE (${ident(FAIL)}, ${ident(POS)})) AS VARCHAR) FROM ${flagged} WHERE ${ident(FAIL)} ORDER BY ${ident(POS)} LIMIT ${limit}`),
        failingRowsSql: withCtes([checked], `SELECT * EXCLUDE (${ident(FAIL)}, ${ident(POS)}) FROM ${flagged} WHERE ${ident(FAIL)} ORDER BY ${ident(POS)}`),
      };
    }
    switch (rule.kind) {
      case 'row_count': {
        const bounds = [rule.min !== undefined ? `count(*) >= ${whole(rule.min, 'min')}` : null, rule.max !== undefined ? `count(*) <= ${whole(rule.max, 'max')}` : null].filter((b): b is string => b !== null);
        if (bounds.length === 0) throw new CompileError('Row count needs a min or a max.');
        return { ...none, rule, countSql: withCtes([checked], `SELECT CASE WHEN ${bounds.join(' AND ')} THEN 0 ELSE 1 END AS failing, 1 AS total, count(*) AS observed FROM ${ident(CHECKED)}`) };
      }
      case 'schema':
        if (!Array.isArray(rule.columns) || rule.columns.length === 0) throw new CompileError('Expected schema needs at least one column.');
        if (rule.columns.length > LIMITS.checkValues) throw new CompileError(`Expected schema has ${rule.columns.length.toLocaleString('en-US')} columns; the limit is ${LIMITS.checkValues.toLocaleString('en-US')}.`);
        return { ...none, rule, describeSql: withCtes([checked], `SELECT column_name, column_type FROM (DESCRIBE (SELECT * FROM ${ident(CHECKED)}))`) };
      case 'sql': {
        const guard = checkQuery(rule.query);
        if (!guard.ok) throw new CompileError(guard.reason);
        // As a custom SQL step: the query reads `input` and stays inside its own parentheses and lines.
        const ctes: [string, string][] = [checked, ['input', `SELECT * FROM ${ident(CHECKED)}`]];
        const failing = `(\n${stripTrailingSemicolon(rule.query)}\n)`;
        return {
          ...none,
          rule,
          countSql: withCtes(ctes, `SELECT (SELECT count(*) FROM ${failing}) AS failing, (SELECT count(*) FROM ${ident(CHECKED)}) AS total`),
          sampleSql: withCtes(ctes, `SELECT CAST(COLUMNS(*) AS VARCHAR) FROM ${failing} LIMIT ${limit}`),
          failingRowsSql: withCtes(ctes, `SELECT * FROM ${failing}`),
        };
      }
      default:
        throw new CompileError(`${JSON.stringify((rule as { kind: unknown }).kind)} is not a check kind.`);
    }
  }
}

function whole(v: unknown, what: string): string {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new CompileError(`${what} must be a whole number of at least 0, not ${JSON.stringify(v)}.`);
  return num(v);
}

function sampleLimit(size: number): string {
  if (!Number.isSafeInteger(size) || size < 0 || size > LIMITS.checkSampleRows) throw new CompileError(`The sample size must be a whole number from 0 to ${LIMITS.checkSampleRows}.`);
  return num(size);
}

/** A check that cannot compile, as data naming the rule. */
export function checkError(rule: Pick<CheckRule, 'id'>, e: unknown): AppError {
  const where = e instanceof CompileError && e.stepId !== undefined ? ` (in step "${e.stepId}")` : '';
  return { kind: e instanceof CompileError ? 'compile' : 'internal', message: `Check "${String(rule.id)}": ${errorMessage(e)}${where}` };
}

/** Compile one check of a document. */
export function compileCheck(doc: PipelineDocument, rule: CheckRule, ctx: CheckContext, options: { sampleSize?: number } = {}): Result<CompiledCheck> {
  return new CheckCompilation(doc, ctx).check(rule, options.sampleSize);
}

/** Compile several checks of a document, each pipeline once; each rule's own Result. */
export function compileChecks(doc: PipelineDocument, rules: readonly CheckRule[], ctx: CheckContext, options: { sampleSize?: number } = {}): Result<CompiledCheck>[] {
  const compilation = new CheckCompilation(doc, ctx);
  return rules.map((rule) => compilation.check(rule, options.sampleSize));
}
