import { parseExpression } from '../expr/parse.ts';
import { exprSql } from '../expr/print-sql.ts';
import { checkExpression, checkQuery, INTERNAL_PREFIX, stripTrailingSemicolon } from '../sql/guard.ts';
import { isTypeName } from '../sql-types.ts';
import { ident, literal, num, str } from '../sql/quote.ts';
import { isExactNumber, type AggregateFn, type Condition, type DatePart, type InputRef, type PipelineDocument, type Scalar, type Source, type Step, type StepDraft } from './document.ts';
import { LIMITS } from './limits.ts';

/**
 * Compiles a pipeline document to DuckDB SQL in stages: each source becomes a relation (the caller says
 * how: a table name in the app, a read_* call in the CLI), each step a CTE over the previous one, and
 * each other pipeline it reads a set of CTEs of its own, compiled once however often it is used.
 *
 * The compiler trusts nothing about the document it is given, even after schema validation: every
 * name and value goes through `sql/quote.ts`, every keyword it pastes (join kind, operator, direction,
 * date part, function) is checked against its list, and user-written expressions and queries are
 * checked by `sql/guard.ts` and always parenthesized. Its output is one read-only statement.
 */

export interface CompileContext {
  /** SQL for a source's rows: a relation name (already quoted) or a table function call. */
  sourceSql(source: Source): string;
}

export class CompileError extends Error {
  constructor(
    message: string,
    readonly stepId?: string,
  ) {
    super(message);
  }
}

export interface Cte {
  cte: string;
  sql: string;
}

export interface CompiledStep {
  stepId: string;
  /** The CTE holding this step's output: its own, or (when skipped) the previous one's. */
  cte: string;
  /** This step's SQL over the previous CTE; null when the step is disabled or skipped. */
  sql: string | null;
}

export interface CompiledPipeline {
  /** CTEs of the other pipelines this one reads, each once, every CTE after those it reads. */
  dependencies: Cte[];
  /** The input's CTE. */
  input: Cte;
  /** One entry per step, in order, skipped ones included. */
  steps: CompiledStep[];
}

/** The CTE names of the pipeline being compiled; other pipelines' CTEs carry their position. */
const INPUT_CTE = `${INTERNAL_PREFIX}_input`;
const stepCte = (index: number, prefix = INTERNAL_PREFIX) => `${prefix}_step_${index + 1}`;

function withClause(ctes: readonly Cte[], last: string): string {
  const sql = `WITH ${ctes.map((c) => `${ident(c.cte)} AS (${c.sql})`).join(',\n')}\nSELECT * FROM ${ident(last)}`;
  if (sql.length > LIMITS.compiledSqlChars) throw new CompileError(`The pipeline compiles to ${sql.length.toLocaleString('en-US')} characters of SQL; the limit is ${LIMITS.compiledSqlChars.toLocaleString('en-US')}.`);
  return sql;
}

/** `WITH ... SELECT * FROM <cte>`: the rows after `stepId`, or the input's rows when undefined. */
export function queryAt(compiled: CompiledPipeline, stepId?: string): string {
  const ctes: Cte[] = [...compiled.dependencies, compiled.input];
  let last = compiled.input.cte;
  if (stepId !== undefined) {
    const at = compiled.steps.findIndex((s) => s.stepId === stepId);
    if (at < 0) throw new CompileError(`No step with id "${stepId}".`);
    for (const step of compiled.steps.slice(0, at + 1)) {
      if (step.sql !== null) ctes.push({ cte: step.cte, sql: step.sql });
      last = step.cte;
    }
  }
  return withClause(ctes, last);
}

/** The final query of a pipeline. */
export function pipelineQuery(compiled: CompiledPipeline): string {
  return queryAt(compiled, compiled.steps[compiled.steps.length - 1]?.stepId);
}

/** What one compilation shares: the other pipelines compiled so far, by id, and their CTEs in order. */
class Compilation {
  readonly dependencies: Cte[] = [];
  private readonly outputs = new Map<string, string>();

  constructor(
    readonly doc: PipelineDocument,
    readonly ctx: CompileContext,
    private readonly root: string,
  ) {}

  /** SQL naming the rows of an input: a source's relation, or the CTE of another pipeline's output. */
  input(ref: InputRef, chain: readonly string[]): string {
    if (ref.kind === 'source') {
      const source = this.doc.sources.find((s) => s.id === ref.id);
      if (!source) throw new CompileError(`No source with id "${ref.id}".`);
      return this.ctx.sourceSql(source);
    }
    if (ref.kind !== 'pipeline') throw new CompileError(`"${String((ref as { kind: unknown }).kind)}" is not an input kind (source or pipeline).`);
    if (ref.id === this.root || chain.includes(ref.id)) throw new CompileError(`Pipelines refer to each other in a cycle: ${[...chain, ref.id].map((id) => this.name(id)).join(' → ')}.`);
    const done = this.outputs.get(ref.id);
    if (done !== undefined) return ident(done);
    const index = this.doc.pipelines.findIndex((p) => p.id === ref.id);
    if (index < 0) throw new CompileError(`No pipeline with id "${ref.id}".`);
    const compiled = this.pipeline(ref.id, `${INTERNAL_PREFIX}_p${index + 1}`, [...chain, ref.id], new Set());
    this.dependencies.push(compiled.input, ...compiled.steps.filter((s): s is CompiledStep & { sql: string } => s.sql !== null).map((s) => ({ cte: s.cte, sql: s.sql })));
    const output = compiled.steps.at(-1)?.cte ?? compiled.input.cte;
    this.outputs.set(ref.id, output);
    return ident(output);
  }

  private name(id: string): string {
    return this.doc.pipelines.find((p) => p.id === id)?.name ?? id;
  }

  pipeline(pipelineId: string, prefix: string, chain: readonly string[], skip: ReadonlySet<string>): { input: Cte; steps: CompiledStep[] } {
    const pipeline = this.doc.pipelines.find((p) => p.id === pipelineId);
    if (!pipeline) throw new CompileError(`No pipeline with id "${pipelineId}".`);
    if (pipeline.steps.length > LIMITS.stepsPerPipeline) throw new CompileError(`Pipeline "${pipeline.name}" has ${pipeline.steps.length} steps; the limit is ${LIMITS.stepsPerPipeline}.`);
    const input = { cte: `${prefix}_input`, sql: `SELECT * FROM ${this.input(pipeline.input, chain)}` };
    const steps: CompiledStep[] = [];
    let previous = input.cte;
    pipeline.steps.forEach((step, index) => {
      if (!step.enabled || skip.has(step.id)) {
        steps.push({ stepId: step.id, cte: previous, sql: null });
        return;
      }
      const cte = stepCte(index, prefix);
      steps.push({ stepId: step.id, cte, sql: compileStep(step, ident(previous), this, chain) });
      previous = cte;
    });
    return { input, steps };
  }
}

/** Compile a step, turning any error into a CompileError that names it. */
function compileStep(step: Step, from: string, compilation: Compilation, chain: readonly string[]): string {
  try {
    return stepSql(step, from, compilation, chain);
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(e.message, e.stepId ?? step.id);
    throw new CompileError(e instanceof Error ? e.message : String(e), step.id);
  }
}

export function compilePipeline(doc: PipelineDocument, pipelineId: string, ctx: CompileContext, options: { skip?: ReadonlySet<string> } = {}): CompiledPipeline {
  const compilation = new Compilation(doc, ctx, pipelineId);
  const { input, steps } = compilation.pipeline(pipelineId, INTERNAL_PREFIX, [pipelineId], options.skip ?? new Set());
  if (input.cte !== INPUT_CTE) throw new CompileError('Internal: unexpected input name.');
  return { dependencies: compilation.dependencies, input, steps };
}

/**
 * The query for a step that is not in the document yet (a form being filled in), over `inputSql`
 * (a relation the caller names): so it can be bound by DuckDB before it is added.
 */
export function draftQuery(doc: PipelineDocument, draft: StepDraft, inputSql: string, ctx: CompileContext, pipelineId?: string): string {
  const compilation = new Compilation(doc, ctx, pipelineId ?? '');
  const step = { ...draft, id: 'draft', enabled: true } as Step;
  const sql = compileStep(step, ident(INPUT_CTE), compilation, pipelineId !== undefined ? [pipelineId] : []);
  return withClause([...compilation.dependencies, { cte: INPUT_CTE, sql: `SELECT * FROM ${inputSql}` }, { cte: stepCte(0), sql }], stepCte(0));
}

// ---- checked pieces ----------------------------------------------------------------

const cols = (names: readonly string[]) => names.map(ident).join(', ');

function requireColumns(names: readonly string[], what: string): void {
  if (!Array.isArray(names) || names.length === 0) throw new CompileError(`${what} needs at least one column.`);
}

/** A keyword from a fixed list: documents are data, so a value outside the list is refused, never pasted. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CompileError(`${JSON.stringify(value)} is not a valid ${what} (one of ${allowed.join(', ')}).`);
  }
  return value as T;
}

/** A whole number in a range, as SQL. */
function count(value: unknown, what: string, min = 0): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new CompileError(`${what} must be a whole number of at least ${min}, not ${JSON.stringify(value)}.`);
  return num(value);
}

/** A value as a literal; anything that is not a scalar is refused. */
function lit(value: Scalar): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return literal(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CompileError(`${String(value)} is not a finite number.`);
    return literal(value);
  }
  if (isExactNumber(value)) {
    try {
      return literal(value);
    } catch {
      throw new CompileError(`${JSON.stringify(value.decimal)} is not a decimal number.`);
    }
  }
  throw new CompileError(`${JSON.stringify(value)} is not a value (text, number, true/false, null or {"decimal": "…"}).`);
}

const DIRECTIONS = ['asc', 'desc'] as const;
const NULLS = ['first', 'last'] as const;
const JOIN_KINDS = ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const;
const COMPARE_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
const TEXT_OPS = ['contains', 'starts_with', 'ends_with', 'regex'] as const;
const TEXT_STEP_OPS = ['trim', 'upper', 'lower', 'pad_left', 'pad_right'] as const;
const WINDOW_FNS = ['row_number', 'rank', 'dense_rank', 'running_sum', 'lag', 'lead'] as const;
const AGGREGATE_FNS: readonly AggregateFn[] = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'median', 'first', 'last', 'string_agg'];
const DATE_PARTS: readonly DatePart[] = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'dayofweek'];

const direction = (d: unknown) => (oneOf(d ?? 'asc', DIRECTIONS, 'sort direction') === 'desc' ? 'DESC' : 'ASC');

/** The SQL of a type: a plain type name, checked (types cannot be quoted). */
function typeSql(type: unknown): string {
  if (typeof type !== 'string' || !isTypeName(type)) throw new CompileError(`${JSON.stringify(type)} is not a type name.`);
  return type.trim();
}

// ---- steps --------------------------------------------------------------------

function stepSql(step: Step, from: string, compilation: Compilation, chain: readonly string[]): string {
  switch (step.kind) {
    case 'select':
      requireColumns(step.columns, 'Select');
      return `SELECT ${cols(step.columns)} FROM ${from}`;
    case 'drop':
      requireColumns(step.columns, 'Remove columns');
      return `SELECT * EXCLUDE (${cols(step.columns)}) FROM ${from}`;
    case 'rename':
      if (!Array.isArray(step.renames) || step.renames.length === 0) throw new CompileError('Rename needs at least one column.');
      return `SELECT * RENAME (${step.renames.map((r) => `${ident(r.from)} AS ${ident(r.to)}`).join(', ')}) FROM ${from}`;
    case 'cast':
      return `SELECT * REPLACE (TRY_CAST(${ident(step.column)} AS ${typeSql(step.to)}) AS ${ident(step.column)}) FROM ${from}`;
    case 'filter':
      return `SELECT * FROM ${from} WHERE ${conditionSql(step.condition)}`;
    case 'derive': {
      const guard = checkExpression(step.expression);
      if (!guard.ok) throw new CompileError(guard.reason);
      return `SELECT *, ${deriveSql(step.expression)} AS ${ident(step.name)} FROM ${from}`;
    }
    case 'sort':
      if (!Array.isArray(step.keys) || step.keys.length === 0) throw new CompileError('Sort needs at least one column.');
      return `SELECT * FROM ${from} ORDER BY ${step.keys.map((k) => `${ident(k.column)} ${direction(k.direction)} NULLS ${oneOf(k.nulls ?? 'last', NULLS, 'nulls position') === 'first' ? 'FIRST' : 'LAST'}`).join(', ')}`;
    case 'dedupe': {
      const keep = oneOf(step.keep, ['first', 'last'] as const, 'keep choice');
      const key = step.columns && step.columns.length > 0 ? cols(step.columns) : '"__sluice_row"';
      const order = step.orderBy ? `${ident(step.orderBy)} ${keep === 'last' ? 'DESC' : 'ASC'}, ` : '';
      const position = `"__sluice_pos" ${keep === 'last' ? 'DESC' : 'ASC'}`;
      return (
        `SELECT * EXCLUDE ("__sluice_pos", "__sluice_row") FROM (SELECT "__sluice_d".*, row_number() OVER () AS "__sluice_pos", "__sluice_d" AS "__sluice_row" FROM ${from} AS "__sluice_d") ` +
        `QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${order}${position}) = 1 ORDER BY "__sluice_pos"`
      );
    }
    case 'fill_null':
      return `SELECT * REPLACE (coalesce(${ident(step.column)}, ${lit(step.value)}) AS ${ident(step.column)}) FROM ${from}`;
    case 'replace': {
      const col = ident(step.column);
      const test = step.from === null ? `${col} IS NULL` : `${col} = ${lit(step.from)}`;
      return `SELECT * REPLACE (CASE WHEN ${test} THEN ${lit(step.to)} ELSE ${col} END AS ${col}) FROM ${from}`;
    }
    case 'text': {
      const op = oneOf(step.op, TEXT_STEP_OPS, 'text operation');
      const col = `CAST(${ident(step.column)} AS VARCHAR)`;
      let expr: string;
      if (op === 'pad_left' || op === 'pad_right') {
        // Pads to a width and never shortens: values already as wide stay as they are.
        const width = count(step.width, 'Pad width', 1);
        const fill = step.fill ?? ' ';
        if (typeof fill !== 'string' || [...fill].length !== 1) throw new CompileError('Pad needs one fill character.');
        expr = `CASE WHEN length(${col}) >= ${width} THEN ${col} ELSE ${op === 'pad_left' ? 'lpad' : 'rpad'}(${col}, ${width}, ${str(fill)}) END`;
      } else {
        expr = `${op}(${col})`;
      }
      return withColumn(from, expr, step.column, step.into);
    }
    case 'split': {
      if (!Array.isArray(step.into) || step.into.length === 0) throw new CompileError('Split needs at least one new column.');
      if (typeof step.delimiter !== 'string' || step.delimiter === '') throw new CompileError('Split needs a delimiter.');
      const parts = step.into.map((name, i) => `string_split(CAST(${ident(step.column)} AS VARCHAR), ${str(step.delimiter)})[${num(i + 1)}] AS ${ident(name)}`);
      return `SELECT *, ${parts.join(', ')} FROM ${from}`;
    }
    case 'extract':
      return `SELECT *, nullif(regexp_extract(CAST(${ident(step.column)} AS VARCHAR), ${str(step.pattern)}, ${count(step.group, 'Group')}), '') AS ${ident(step.into)} FROM ${from}`;
    case 'parse_date': {
      const parsed = `try_strptime(CAST(${ident(step.column)} AS VARCHAR), ${str(step.format)})`;
      return withColumn(from, step.timestamp ? parsed : `CAST(${parsed} AS DATE)`, step.column, step.into);
    }
    case 'date_part':
      return `SELECT *, date_part(${str(oneOf(step.part, DATE_PARTS, 'date part'))}, ${ident(step.column)}) AS ${ident(step.into)} FROM ${from}`;
    case 'date_trunc':
      return withColumn(from, `date_trunc(${str(oneOf(step.unit, DATE_PARTS, 'date part'))}, ${ident(step.column)})`, step.column, step.into);
    case 'aggregate': {
      if (step.aggregations.length === 0 && step.groupBy.length === 0) throw new CompileError('Group needs a column to group by or an aggregation.');
      const select = [...step.groupBy.map(ident), ...step.aggregations.map((a) => `${aggregateSql(a.fn, a.column, a.separator)} AS ${ident(a.as)}`)];
      const group = step.groupBy.length > 0 ? ` GROUP BY ${cols(step.groupBy)} ORDER BY ${cols(step.groupBy)}` : '';
      return `SELECT ${select.join(', ')} FROM ${from}${group}`;
    }
    case 'join': {
      const how = oneOf(step.how, JOIN_KINDS, 'join kind');
      if (!Array.isArray(step.on) || step.on.length === 0) throw new CompileError('Join needs at least one pair of key columns.');
      const right = compilation.input(step.with, chain);
      const on = joinOnSql(step.on);
      if (how === 'semi' || how === 'anti') return `SELECT l.* FROM ${from} AS l ${how.toUpperCase()} JOIN ${right} AS r ON ${on}`;
      const sameNamed = step.on.filter((k) => k.left === k.right).map((k) => k.right);
      const rightCols = (how === 'inner' || how === 'left') && sameNamed.length > 0 ? `r.* EXCLUDE (${cols(sameNamed)})` : 'r.*';
      return `SELECT l.*, ${rightCols} FROM ${from} AS l ${how.toUpperCase()} JOIN ${right} AS r ON ${on}`;
    }
    case 'union':
      if (!Array.isArray(step.with) || step.with.length === 0) throw new CompileError('Union needs another dataset.');
      return [`SELECT * FROM ${from}`, ...step.with.map((w) => `SELECT * FROM ${compilation.input(w, chain)}`)].join(' UNION ALL BY NAME ');
    case 'pivot':
      if (!Array.isArray(step.values) || step.values.length === 0) throw new CompileError('Pivot needs the values that become columns.');
      return `SELECT * FROM (PIVOT ${from} ON ${ident(step.on)} IN (${step.values.map(str).join(', ')}) USING ${aggregateSql(step.fn, step.value)}${step.groupBy.length > 0 ? ` GROUP BY ${cols(step.groupBy)}` : ''})${step.groupBy.length > 0 ? ` ORDER BY ${cols(step.groupBy)}` : ''}`;
    case 'unpivot':
      requireColumns(step.columns, 'Unpivot');
      return `SELECT * FROM (UNPIVOT ${from} ON ${cols(step.columns)} INTO NAME ${ident(step.nameColumn)} VALUE ${ident(step.valueColumn)})`;
    case 'window':
      return windowSql(step, from);
    case 'limit':
      return `SELECT * FROM ${from} LIMIT ${count(step.count, 'Limit')}${step.offset ? ` OFFSET ${count(step.offset, 'Offset')}` : ''}`;
    case 'sample':
      return sampleSql(step, from);
    case 'sql': {
      const guard = checkQuery(step.query);
      if (!guard.ok) throw new CompileError(guard.reason);
      // The query is a subquery of its own, on its own lines: its WITH, comments and names stay inside.
      return `WITH "input" AS (SELECT * FROM ${from}) SELECT * FROM (\n${stripTrailingSemicolon(step.query)}\n)`;
    }
    default:
      throw new CompileError(`${JSON.stringify((step as { kind: unknown }).kind)} is not a step kind.`);
  }
}

/**
 * A derived column's expression: printed from its tree when it parses (`expr/parse.ts`), so every target
 * prints the same tree; otherwise (casts, other functions…) the guarded text itself, parenthesized.
 */
export function deriveSql(expression: string): string {
  const parsed = parseExpression(expression);
  return parsed.ok ? exprSql(parsed.value) : `(${expression})`;
}

function windowSql(step: Extract<Step, { kind: 'window' }>, from: string): string {
  const fn = oneOf(step.fn, WINDOW_FNS, 'window function');
  const over = [
    step.partitionBy.length > 0 ? `PARTITION BY ${cols(step.partitionBy)}` : '',
    step.orderBy.length > 0 ? `ORDER BY ${step.orderBy.map((o) => `${ident(o.column)} ${direction(o.direction)}`).join(', ')}` : '',
  ].filter(Boolean).join(' ');
  const column = (what: string) => {
    if (!step.column) throw new CompileError(`${what} needs a column.`);
    return ident(step.column);
  };
  const offset = () => count(step.offset ?? 1, 'Offset');
  const expr = {
    row_number: () => 'row_number()',
    rank: () => 'rank()',
    dense_rank: () => 'dense_rank()',
    running_sum: () => `sum(${column('Running total')})`,
    lag: () => `lag(${column('Lag')}, ${offset()})`,
    lead: () => `lead(${column('Lead')}, ${offset()})`,
  }[fn]();
  const frame = fn === 'running_sum' ? ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' : '';
  return `SELECT *, ${expr} OVER (${over}${frame}) AS ${ident(step.as)} FROM ${from}`;
}

/**
 * A sample picks rows by a hash of each row's values and the seed, so the same rows and seed give the
 * same sample every time, in the app and the CLI, whatever order the rows arrive in. A number of rows
 * comes out in hash order; a percentage keeps the input's order. Identical rows are picked together.
 */
function sampleSql(step: Extract<Step, { kind: 'sample' }>, from: string): string {
  const seed = count(step.seed, 'Seed');
  const hash = `hash("__sluice_r", ${seed})`;
  if (step.rows !== undefined) {
    return `SELECT "__sluice_r".* FROM ${from} AS "__sluice_r" ORDER BY ${hash}, "__sluice_r" LIMIT ${count(step.rows, 'Rows')}`;
  }
  if (step.percent !== undefined) {
    if (typeof step.percent !== 'number' || !(step.percent >= 0 && step.percent <= 100)) throw new CompileError('Sample percentage must be between 0 and 100.');
    return `SELECT "__sluice_r".* FROM ${from} AS "__sluice_r" WHERE ${hash} % 10000 < ${num(Math.round(step.percent * 100))}`;
  }
  throw new CompileError('Sample needs a number of rows or a percentage.');
}

/** A join's key predicate over `l` (the rows so far) and `r` (the other input): NULL keys match each other. */
export function joinOnSql(on: readonly { left: string; right: string }[]): string {
  if (on.length === 0) throw new CompileError('Join needs at least one pair of key columns.');
  return on.map((k) => `l.${ident(k.left)} IS NOT DISTINCT FROM r.${ident(k.right)}`).join(' AND ');
}

/** Replace a column in place, or add the result as a new column. */
function withColumn(from: string, expr: string, column: string, into: string | undefined): string {
  if (into && into !== column) return `SELECT *, ${expr} AS ${ident(into)} FROM ${from}`;
  return `SELECT * REPLACE (${expr} AS ${ident(column)}) FROM ${from}`;
}

export function aggregateSql(fn: AggregateFn, column: string | undefined, separator?: string): string {
  oneOf(fn, AGGREGATE_FNS, 'aggregation');
  if (fn === 'count' && !column) return 'count(*)';
  if (!column) throw new CompileError(`${fn} needs a column.`);
  const c = ident(column);
  switch (fn) {
    case 'count':
      return `count(${c})`;
    case 'count_distinct':
      return `count(DISTINCT ${c})`;
    case 'string_agg':
      return `string_agg(CAST(${c} AS VARCHAR), ${str(separator ?? ', ')})`;
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
    case 'median':
    case 'first':
    case 'last':
      return `${fn}(${c})`;
  }
}

export function conditionSql(condition: Condition, depth = 0): string {
  if (depth > LIMITS.conditionDepth) throw new CompileError(`Conditions nest more than ${LIMITS.conditionDepth} levels deep.`);
  switch (condition.kind) {
    case 'group': {
      const op = oneOf(condition.op, ['and', 'or'] as const, 'group operator');
      if (condition.items.length === 0) return op === 'and' ? 'true' : 'false';
      return `(${condition.items.map((c) => conditionSql(c, depth + 1)).join(op === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'compare': {
      const op = oneOf(condition.op, COMPARE_OPS, 'comparison');
      if (condition.value === null) return `(${ident(condition.column)} IS ${op === '!=' ? 'NOT ' : ''}NULL)`;
      return `(${ident(condition.column)} ${op === '!=' ? '<>' : op} ${lit(condition.value)})`;
    }
    case 'in': {
      if (condition.values.length === 0) return condition.negate ? 'true' : 'false';
      return `(${ident(condition.column)} ${condition.negate ? 'NOT IN' : 'IN'} (${condition.values.map(lit).join(', ')}))`;
    }
    case 'text': {
      const op = oneOf(condition.op, TEXT_OPS, 'text test');
      const sensitive = condition.caseSensitive ?? true;
      const col = sensitive ? `CAST(${ident(condition.column)} AS VARCHAR)` : `lower(CAST(${ident(condition.column)} AS VARCHAR))`;
      const value = sensitive ? str(condition.value) : `lower(${str(condition.value)})`;
      const test = {
        contains: () => `contains(${col}, ${value})`,
        starts_with: () => `starts_with(${col}, ${value})`,
        ends_with: () => `ends_with(${col}, ${value})`,
        regex: () => `regexp_matches(CAST(${ident(condition.column)} AS VARCHAR), ${str(condition.value)}${sensitive ? '' : ", 'i'"})`,
      }[op]();
      return condition.negate ? `(NOT coalesce(${test}, false))` : `coalesce(${test}, false)`;
    }
    case 'null':
      return `(${ident(condition.column)} IS ${condition.negate ? 'NOT ' : ''}NULL)`;
    case 'between':
      return `(${ident(condition.column)} ${condition.negate ? 'NOT ' : ''}BETWEEN ${lit(condition.low)} AND ${lit(condition.high)})`;
    default:
      throw new CompileError(`${JSON.stringify((condition as { kind: unknown }).kind)} is not a condition kind.`);
  }
}
