import { checkFragment, isTypeName, stripTrailingSemicolon } from '../sql/guard.ts';
import { ident, literal, num, str } from '../sql/quote.ts';
import type { AggregateFn, Condition, DatePart, InputRef, PipelineDocument, Source, Step } from './document.ts';

/**
 * Compiles a pipeline document to DuckDB SQL in stages: each source becomes a relation (the caller says
 * how: a table name in the app, a read_* call in the CLI), each step a CTE over the previous one.
 * All identifiers and literals go through `sql/quote.ts`; user-written expressions and queries are
 * checked by `sql/guard.ts` and always parenthesized.
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

export interface CompiledStep {
  stepId: string;
  /** The CTE holding this step's output: its own, or (when skipped) the previous one's. */
  cte: string;
  /** This step's SQL over the previous CTE; null when the step is disabled or skipped. */
  sql: string | null;
}

export interface CompiledPipeline {
  /** The input's CTE. */
  input: { cte: string; sql: string };
  /** One entry per step, in order, skipped ones included. */
  steps: CompiledStep[];
}

/** `WITH ... SELECT * FROM <cte>`: the rows after `stepId`, or the input's rows when undefined. */
export function queryAt(compiled: CompiledPipeline, stepId?: string): string {
  const ctes: { cte: string; sql: string }[] = [compiled.input];
  let last = compiled.input.cte;
  if (stepId !== undefined) {
    const at = compiled.steps.findIndex((s) => s.stepId === stepId);
    if (at < 0) throw new CompileError(`No step with id "${stepId}".`);
    for (const step of compiled.steps.slice(0, at + 1)) {
      if (step.sql !== null) ctes.push({ cte: step.cte, sql: step.sql });
      last = step.cte;
    }
  }
  return `WITH ${ctes.map((c) => `${ident(c.cte)} AS (${c.sql})`).join(',\n')}\nSELECT * FROM ${ident(last)}`;
}

/** The final query of a pipeline. */
export function pipelineQuery(compiled: CompiledPipeline): string {
  return queryAt(compiled, compiled.steps[compiled.steps.length - 1]?.stepId);
}

export function compilePipeline(doc: PipelineDocument, pipelineId: string, ctx: CompileContext, options: { skip?: ReadonlySet<string> } = {}, seen: string[] = []): CompiledPipeline {
  const pipeline = doc.pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) throw new CompileError(`No pipeline with id "${pipelineId}".`);
  if (seen.includes(pipelineId)) throw new CompileError(`Pipelines refer to each other in a cycle: ${[...seen, pipelineId].join(' → ')}.`);
  const chain = [...seen, pipelineId];
  const input = { cte: 'input', sql: `SELECT * FROM ${inputSql(doc, pipeline.input, ctx, chain)}` };
  const steps: CompiledStep[] = [];
  let previous = input.cte;
  pipeline.steps.forEach((step, index) => {
    if (!step.enabled || options.skip?.has(step.id)) {
      steps.push({ stepId: step.id, cte: previous, sql: null });
      return;
    }
    const cte = `step_${index + 1}`;
    try {
      steps.push({ stepId: step.id, cte, sql: stepSql(step, ident(previous), doc, ctx, chain) });
    } catch (e) {
      if (e instanceof CompileError) throw new CompileError(e.message, e.stepId ?? step.id);
      throw e;
    }
    previous = cte;
  });
  return { input, steps };
}

function inputSql(doc: PipelineDocument, ref: InputRef, ctx: CompileContext, chain: string[]): string {
  if (ref.kind === 'source') {
    const source = doc.sources.find((s) => s.id === ref.id);
    if (!source) throw new CompileError(`No source with id "${ref.id}".`);
    return ctx.sourceSql(source);
  }
  const compiled = compilePipeline(doc, ref.id, ctx, {}, chain);
  return `(${pipelineQuery(compiled)})`;
}

// ---- steps --------------------------------------------------------------------

const cols = (names: readonly string[]) => names.map(ident).join(', ');

function requireColumns(names: readonly string[], what: string): void {
  if (names.length === 0) throw new CompileError(`${what} needs at least one column.`);
}

export function stepSql(step: Step, from: string, doc: PipelineDocument, ctx: CompileContext, chain: string[]): string {
  switch (step.kind) {
    case 'select':
      requireColumns(step.columns, 'Select');
      return `SELECT ${cols(step.columns)} FROM ${from}`;
    case 'drop':
      requireColumns(step.columns, 'Remove columns');
      return `SELECT * EXCLUDE (${cols(step.columns)}) FROM ${from}`;
    case 'rename':
      if (step.renames.length === 0) throw new CompileError('Rename needs at least one column.');
      return `SELECT * RENAME (${step.renames.map((r) => `${ident(r.from)} AS ${ident(r.to)}`).join(', ')}) FROM ${from}`;
    case 'cast':
      if (!isTypeName(step.to)) throw new CompileError(`"${step.to}" is not a type name.`);
      return `SELECT * REPLACE (TRY_CAST(${ident(step.column)} AS ${step.to.trim()}) AS ${ident(step.column)}) FROM ${from}`;
    case 'filter':
      return `SELECT * FROM ${from} WHERE ${conditionSql(step.condition)}`;
    case 'derive': {
      const guard = checkFragment(step.expression, 'expression');
      if (!guard.ok) throw new CompileError(guard.reason);
      return `SELECT *, (${step.expression}) AS ${ident(step.name)} FROM ${from}`;
    }
    case 'sort':
      if (step.keys.length === 0) throw new CompileError('Sort needs at least one column.');
      return `SELECT * FROM ${from} ORDER BY ${step.keys.map((k) => `${ident(k.column)} ${k.direction === 'desc' ? 'DESC' : 'ASC'} NULLS ${k.nulls === 'first' ? 'FIRST' : 'LAST'}`).join(', ')}`;
    case 'dedupe': {
      const key = step.columns && step.columns.length > 0 ? cols(step.columns) : '"__sluice_row"';
      const order = step.orderBy ? `${ident(step.orderBy)} ${step.keep === 'last' ? 'DESC' : 'ASC'}, ` : '';
      const position = `"__sluice_pos" ${step.keep === 'last' ? 'DESC' : 'ASC'}`;
      return (
        `SELECT * EXCLUDE ("__sluice_pos", "__sluice_row") FROM (SELECT d.*, row_number() OVER () AS "__sluice_pos", d AS "__sluice_row" FROM ${from} AS d) ` +
        `QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${order}${position}) = 1 ORDER BY "__sluice_pos"`
      );
    }
    case 'fill_null':
      return `SELECT * REPLACE (coalesce(${ident(step.column)}, ${literal(step.value)}) AS ${ident(step.column)}) FROM ${from}`;
    case 'replace': {
      const col = ident(step.column);
      const test = step.from === null ? `${col} IS NULL` : `${col} = ${literal(step.from)}`;
      return `SELECT * REPLACE (CASE WHEN ${test} THEN ${literal(step.to)} ELSE ${col} END AS ${col}) FROM ${from}`;
    }
    case 'text': {
      const col = `CAST(${ident(step.column)} AS VARCHAR)`;
      const width = num(step.width ?? 0);
      const fill = str(step.fill ?? ' ');
      const expr = {
        trim: `trim(${col})`,
        upper: `upper(${col})`,
        lower: `lower(${col})`,
        pad_left: `lpad(${col}, ${width}, ${fill})`,
        pad_right: `rpad(${col}, ${width}, ${fill})`,
      }[step.op];
      return withColumn(from, expr, step.column, step.into);
    }
    case 'split': {
      if (step.into.length === 0) throw new CompileError('Split needs at least one new column.');
      const parts = step.into.map((name, i) => `string_split(CAST(${ident(step.column)} AS VARCHAR), ${str(step.delimiter)})[${num(i + 1)}] AS ${ident(name)}`);
      return `SELECT *, ${parts.join(', ')} FROM ${from}`;
    }
    case 'extract':
      return `SELECT *, nullif(regexp_extract(CAST(${ident(step.column)} AS VARCHAR), ${str(step.pattern)}, ${num(step.group)}), '') AS ${ident(step.into)} FROM ${from}`;
    case 'parse_date': {
      const parsed = `try_strptime(CAST(${ident(step.column)} AS VARCHAR), ${str(step.format)})`;
      return withColumn(from, step.timestamp ? parsed : `CAST(${parsed} AS DATE)`, step.column, step.into);
    }
    case 'date_part':
      return `SELECT *, date_part(${str(datePart(step.part))}, ${ident(step.column)}) AS ${ident(step.into)} FROM ${from}`;
    case 'date_trunc':
      return withColumn(from, `date_trunc(${str(datePart(step.unit))}, ${ident(step.column)})`, step.column, step.into);
    case 'aggregate': {
      if (step.aggregations.length === 0 && step.groupBy.length === 0) throw new CompileError('Group needs a column to group by or an aggregation.');
      const select = [...step.groupBy.map(ident), ...step.aggregations.map((a) => `${aggregateSql(a.fn, a.column, a.separator)} AS ${ident(a.as)}`)];
      const group = step.groupBy.length > 0 ? ` GROUP BY ${cols(step.groupBy)} ORDER BY ${cols(step.groupBy)}` : '';
      return `SELECT ${select.join(', ')} FROM ${from}${group}`;
    }
    case 'join': {
      if (step.on.length === 0) throw new CompileError('Join needs at least one pair of key columns.');
      const right = inputSql(doc, step.with, ctx, chain);
      const on = step.on.map((k) => `l.${ident(k.left)} IS NOT DISTINCT FROM r.${ident(k.right)}`).join(' AND ');
      if (step.how === 'semi' || step.how === 'anti') return `SELECT l.* FROM ${from} AS l ${step.how.toUpperCase()} JOIN ${right} AS r ON ${on}`;
      const sameNamed = step.on.filter((k) => k.left === k.right).map((k) => k.right);
      const rightCols = (step.how === 'inner' || step.how === 'left') && sameNamed.length > 0 ? `r.* EXCLUDE (${cols(sameNamed)})` : 'r.*';
      return `SELECT l.*, ${rightCols} FROM ${from} AS l ${step.how.toUpperCase()} JOIN ${right} AS r ON ${on}`;
    }
    case 'union':
      if (step.with.length === 0) throw new CompileError('Union needs another dataset.');
      return [`SELECT * FROM ${from}`, ...step.with.map((w) => `SELECT * FROM ${inputSql(doc, w, ctx, chain)}`)].join(' UNION ALL BY NAME ');
    case 'pivot':
      if (step.values.length === 0) throw new CompileError('Pivot needs the values that become columns.');
      return `SELECT * FROM (PIVOT ${from} ON ${ident(step.on)} IN (${step.values.map(str).join(', ')}) USING ${aggregateSql(step.fn, step.value)}${step.groupBy.length > 0 ? ` GROUP BY ${cols(step.groupBy)}` : ''})${step.groupBy.length > 0 ? ` ORDER BY ${cols(step.groupBy)}` : ''}`;
    case 'unpivot':
      requireColumns(step.columns, 'Unpivot');
      return `SELECT * FROM (UNPIVOT ${from} ON ${cols(step.columns)} INTO NAME ${ident(step.nameColumn)} VALUE ${ident(step.valueColumn)})`;
    case 'window': {
      const over = [
        step.partitionBy.length > 0 ? `PARTITION BY ${cols(step.partitionBy)}` : '',
        step.orderBy.length > 0 ? `ORDER BY ${step.orderBy.map((o) => `${ident(o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ')}` : '',
      ].filter(Boolean).join(' ');
      const needs = (fn: string) => {
        if (!step.column) throw new CompileError(`${fn} needs a column.`);
        return ident(step.column);
      };
      const expr = {
        row_number: 'row_number()',
        rank: 'rank()',
        dense_rank: 'dense_rank()',
        running_sum: `sum(${step.kind === 'window' && step.fn === 'running_sum' ? needs('Running total') : ''})`,
        lag: `lag(${step.fn === 'lag' ? needs('Lag') : ''}, ${num(step.offset ?? 1)})`,
        lead: `lead(${step.fn === 'lead' ? needs('Lead') : ''}, ${num(step.offset ?? 1)})`,
      }[step.fn];
      const frame = step.fn === 'running_sum' ? ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' : '';
      return `SELECT *, ${expr} OVER (${over}${frame}) AS ${ident(step.as)} FROM ${from}`;
    }
    case 'limit':
      return `SELECT * FROM ${from} LIMIT ${num(step.count)}${step.offset ? ` OFFSET ${num(step.offset)}` : ''}`;
    case 'sample': {
      // A hash of the row position and the seed orders rows the same way on every engine.
      const ordered = `SELECT * EXCLUDE ("__sluice_pos") FROM (SELECT *, row_number() OVER () AS "__sluice_pos" FROM ${from})`;
      if (step.rows !== undefined) return `${ordered} ORDER BY hash("__sluice_pos", ${num(step.seed)}) LIMIT ${num(step.rows)}`;
      if (step.percent !== undefined) return `${ordered} WHERE hash("__sluice_pos", ${num(step.seed)}) % 10000 < ${num(Math.round(step.percent * 100))}`;
      throw new CompileError('Sample needs a number of rows or a percentage.');
    }
    case 'sql': {
      const guard = checkFragment(step.query, 'query');
      if (!guard.ok) throw new CompileError(guard.reason);
      return `SELECT * FROM (WITH "input" AS (SELECT * FROM ${from}) ${stripTrailingSemicolon(step.query)})`;
    }
  }
}

/** Replace a column in place, or add the result as a new column. */
function withColumn(from: string, expr: string, column: string, into: string | undefined): string {
  if (into && into !== column) return `SELECT *, ${expr} AS ${ident(into)} FROM ${from}`;
  return `SELECT * REPLACE (${expr} AS ${ident(column)}) FROM ${from}`;
}

const DATE_PARTS: readonly DatePart[] = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'dayofweek'];
function datePart(part: DatePart): string {
  if (!DATE_PARTS.includes(part)) throw new CompileError(`"${String(part)}" is not a date part.`);
  return part;
}

export function aggregateSql(fn: AggregateFn, column: string | undefined, separator?: string): string {
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

export function conditionSql(condition: Condition): string {
  switch (condition.kind) {
    case 'group': {
      if (condition.items.length === 0) return condition.op === 'and' ? 'true' : 'false';
      return `(${condition.items.map(conditionSql).join(condition.op === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'compare':
      if (condition.value === null) return `(${ident(condition.column)} IS ${condition.op === '!=' ? 'NOT ' : ''}NULL)`;
      return `(${ident(condition.column)} ${condition.op === '!=' ? '<>' : condition.op} ${literal(condition.value)})`;
    case 'in': {
      if (condition.values.length === 0) return condition.negate ? 'true' : 'false';
      return `(${ident(condition.column)} ${condition.negate ? 'NOT IN' : 'IN'} (${condition.values.map(literal).join(', ')}))`;
    }
    case 'text': {
      const sensitive = condition.caseSensitive ?? true;
      const col = sensitive ? `CAST(${ident(condition.column)} AS VARCHAR)` : `lower(CAST(${ident(condition.column)} AS VARCHAR))`;
      const value = sensitive ? str(condition.value) : `lower(${str(condition.value)})`;
      const test = {
        contains: `contains(${col}, ${value})`,
        starts_with: `starts_with(${col}, ${value})`,
        ends_with: `ends_with(${col}, ${value})`,
        regex: `regexp_matches(CAST(${ident(condition.column)} AS VARCHAR), ${str(condition.value)}${sensitive ? '' : ", 'i'"})`,
      }[condition.op];
      return condition.negate ? `(NOT coalesce(${test}, false))` : `coalesce(${test}, false)`;
    }
    case 'null':
      return `(${ident(condition.column)} IS ${condition.negate ? 'NOT ' : ''}NULL)`;
    case 'between':
      return `(${ident(condition.column)} ${condition.negate ? 'NOT ' : ''}BETWEEN ${literal(condition.low)} AND ${literal(condition.high)})`;
  }
}

