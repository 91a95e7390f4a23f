import { parseExpression } from '../expr/parse.ts';
import { exprPandas } from '../expr/print-pandas.ts';
import type { Condition, Scalar, Step } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { AGGREGATES } from './python-aggregates.ts';
import { added, col, names, no, ok, Refusal, regexOf, resolver, retype as retypeOf, targetOf, type Column, type StepCode, type StepContext } from './python-step-code.ts';
import { columnStepPandas } from './python-steps-columns.ts';
import { reshapeStepPandas } from './python-steps-reshape.ts';
import { pyList, pyStr, pyValue } from './python-text.ts';

export type { Column, StepCode, StepContext } from './python-step-code.ts';

/**
 * Each step kind as the body of a pandas function `def <name>(df[, other…])` returning the new frame,
 * with DuckDB's meaning; or why it cannot be one (the export then refuses, naming the step).
 */

const TEMPORAL = /^(DATE|TIMESTAMP)/i;

function valueFor(value: Scalar, column: Column | undefined): string {
  if (typeof value === 'string' && column && TEMPORAL.test(column.type)) return `pd.Timestamp(${pyStr(value)})`;
  return pyValue(value);
}

/** A condition as a pandas mask, three-valued as in SQL (the caller keeps rows where it is true). */
export function conditionPandas(c: Condition, columns: readonly Column[]): string {
  const resolve = resolver(columns);
  const typed = (name: string) => columns.find((x) => x.name === resolve(name));
  switch (c.kind) {
    case 'group':
      if (c.items.length === 0) return `constant(${c.op === 'and' ? 'True' : 'False'}, df)`;
      return c.items.length === 1 ? conditionPandas(c.items[0]!, columns) : `(${c.items.map((i) => conditionPandas(i, columns)).join(c.op === 'and' ? ' & ' : ' | ')})`;
    case 'compare': {
      const name = col(resolve(c.column));
      if (c.value === null) return `${name}.${c.op === '!=' ? 'notna' : 'isna'}()`;
      const op = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }[c.op];
      if (!op) throw new Refusal(`${JSON.stringify(c.op)} is not a comparison`);
      const test = `(${name} ${op} ${valueFor(c.value, typed(c.column))})`;
      return c.op === '!=' ? `(${test} & ${name}.notna())` : test;
    }
    case 'in': {
      const name = col(resolve(c.column));
      if (c.values.length === 0) return `constant(${c.negate ? 'True' : 'False'}, df)`;
      if (c.values.some((v) => v === null)) throw new Refusal('an "in" list holding NULL (SQL never matches it)');
      const isin = `${name}.isin(${pyList(c.values.map((v) => valueFor(v, typed(c.column))))})`;
      return c.negate ? `(~${isin} & ${name}.notna())` : `(${isin} & ${name}.notna())`;
    }
    case 'text': {
      const sensitive = c.caseSensitive ?? true;
      const text = `as_text(${col(resolve(c.column))})${sensitive ? '' : '.str.lower()'}`;
      const value = pyStr(sensitive || c.op === 'regex' ? c.value : c.value.toLowerCase());
      const test = {
        contains: () => `${text}.str.contains(${value}, regex=False)`,
        starts_with: () => `${text}.str.startswith(${value})`,
        ends_with: () => `${text}.str.endswith(${value})`,
        regex: () => `regexp_matches(${col(resolve(c.column))}, ${pyStr(regexOf(c.value))}${sensitive ? '' : ', ignore_case=True'})`,
      }[c.op]();
      return c.negate ? `~known(${test})` : `known(${test})`;
    }
    case 'null':
      return `${col(resolve(c.column))}.${c.negate ? 'notna' : 'isna'}()`;
    case 'between': {
      const name = col(resolve(c.column));
      const t = typed(c.column);
      if (c.low === null || c.high === null) throw new Refusal('"between" with a NULL bound');
      const test = `((${name} >= ${valueFor(c.low, t)}) & (${name} <= ${valueFor(c.high, t)}))`;
      return c.negate ? `(~${test} & ${name}.notna())` : test;
    }
  }
}

/** The frame expression of another input (a source or pipeline), for joins and unions. */
export type OtherInput = (ref: Extract<Step, { kind: 'join' }>['with']) => string;

export function stepPandas(step: Step, ctx: StepContext, other: OtherInput): Result<StepCode, string> {
  try {
    return translate(step, ctx, other);
  } catch (e) {
    if (e instanceof Refusal) return no(e.message);
    throw e;
  }
}

function translate(step: Step, ctx: StepContext, other: OtherInput): Result<StepCode, string> {
  const resolve = resolver(ctx.input);
  const retype = retypeOf(ctx);
  switch (step.kind) {
    case 'select':
      return ok([`return df[${names(step.columns.map(resolve))}]`]);
    case 'drop':
      return ok([`return df.drop(columns=${names(step.columns.map(resolve))})`]);
    case 'rename':
      return ok([`return df.rename(columns={${step.renames.map((r) => `${pyStr(resolve(r.from))}: ${pyStr(r.to)}`).join(', ')}})`]);
    case 'filter':
      return ok([`return df[known(${conditionPandas(step.condition, ctx.input)})]`]);
    case 'derive': {
      const parsed = parseExpression(step.expression);
      if (!parsed.ok) return no(`its expression is outside what every target can print (${parsed.error})`);
      const code = exprPandas(parsed.value, { column: (n) => ctx.input.find((c) => c.name === n)?.name ?? ctx.input.find((c) => c.name.toLowerCase() === n.toLowerCase())?.name ?? null, type: (n) => ctx.input.find((c) => c.name === n)?.type ?? ctx.input.find((c) => c.name.toLowerCase() === n.toLowerCase())?.type ?? null });
      if (!code.ok) return no(code.error);
      const type = ctx.output.at(-1)!.type;
      return ok(['df = df.copy()', `df[${pyStr(added(ctx, 1)[0]!)}] = as_type(${code.value}, ${pyStr(type)})`, 'return df']);
    }
    case 'sort':
      return ok([`return sort_rows(df, [${step.keys.map((k) => `(${pyStr(resolve(k.column))}, ${k.direction === 'desc' ? 'False' : 'True'}, ${k.nulls === 'first' ? 'True' : 'False'})`).join(', ')}])`]);
    case 'dedupe':
      return ok([`return keep_one_per_key(df, ${names((step.columns ?? []).map(resolve))}, ${pyStr(step.keep)}${step.orderBy ? `, order_by=${pyStr(resolve(step.orderBy))}` : ''})`]);
    case 'fill_null':
      return ok(['df = df.copy()', `${col(resolve(step.column))} = ${col(resolve(step.column))}.fillna(${valueFor(step.value, ctx.input.find((c) => c.name === resolve(step.column)))})`, retype]);
    case 'replace': {
      const name = col(resolve(step.column));
      const test = step.from === null ? `${name}.isna()` : `known(${name} == ${valueFor(step.from, ctx.input.find((c) => c.name === resolve(step.column)))})`;
      return ok(['df = df.copy()', `${name} = ${name}.mask(${test}, ${pyValue(step.to)})`, retype]);
    }
    case 'text': {
      const source = `as_text(${col(resolve(step.column))})`;
      const target = targetOf(ctx, step.column, step.into);
      let expr: string;
      if (step.op === 'pad_left' || step.op === 'pad_right') {
        const fill = step.fill ?? ' ';
        if (!Number.isInteger(step.width) || [...fill].length !== 1) return no('pad needs a whole width and one fill character');
        expr = `${source}.str.${step.op === 'pad_left' ? 'rjust' : 'ljust'}(${step.width ?? 0}, ${pyStr(fill)})`;
      } else {
        expr = `${source}.str.${{ trim: 'strip(" ")', upper: 'upper()', lower: 'lower()' }[step.op]}`;
      }
      return ok(['df = df.copy()', `df[${pyStr(target)}] = ${expr}`, 'return df']);
    }
    case 'date_part':
      return ok(['df = df.copy()', `df[${pyStr(added(ctx, 1)[0]!)}] = date_part(${col(resolve(step.column))}, ${pyStr(step.part)})`, 'return df']);
    case 'aggregate': {
      const outputs = step.aggregations.map((a) => {
        if (a.fn === 'count' && !a.column) return `${pyStr(a.as)}: len`;
        const make = AGGREGATES[a.fn];
        if (!make || !a.column) throw new Refusal(`the aggregation ${a.fn} has no pandas form here`);
        return `${pyStr(a.as)}: ${make(resolve(a.column), a.separator)}`;
      });
      return ok([`df = aggregate(df, by=${names(step.groupBy.map(resolve))}, outputs={`, ...outputs.map((o) => `    ${o},`), '})', retype]);
    }
    case 'join': {
      const right = other(step.with);
      const same = step.how === 'inner' || step.how === 'left' ? step.on.filter((k) => k.left === k.right).map((k) => k.right) : [];
      const body = [`df = join_rows(df, other, how=${pyStr(step.how === 'full' ? 'outer' : step.how)}, left_on=${names(step.on.map((k) => resolve(k.left)))}, right_on=${names(step.on.map((k) => k.right))}, drop_right=${names(same)})`];
      if (step.how !== 'semi' && step.how !== 'anti') body.push(`df.columns = ${names(ctx.output.map((c) => c.name))}`, retype);
      else body.push('return df');
      return ok(body, [right]);
    }
    case 'union':
      return ok([`df = pd.concat([df, ${step.with.map((_, i) => `other_${i + 1}`).join(', ')}], ignore_index=True, sort=False)`, retype], step.with.map(other));
    case 'limit':
      return ok([`return df.iloc[${step.offset ?? 0}:${(step.offset ?? 0) + step.count}]`]);
    case 'sql':
      return no('custom SQL cannot become pandas: the script would have to run DuckDB to give the same rows');
    case 'sample':
      return no("the sample picks rows by DuckDB's hash of each row and the seed, which pandas cannot reproduce");
    case 'cast':
    case 'split':
    case 'extract':
    case 'parse_date':
    case 'date_trunc':
      return columnStepPandas(step, ctx);
    case 'pivot':
    case 'unpivot':
    case 'window':
      return reshapeStepPandas(step, ctx);
  }
}
