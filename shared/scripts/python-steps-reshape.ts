import type { Step } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { isIntegerType } from '../sql-types.ts';
import { AGGREGATES } from './python-aggregates.ts';
import { added, baseType, columnOf, names, no, ok, resolver, retype, type StepCode, type StepContext } from './python-step-code.ts';
import { pyStr } from './python-text.ts';

/**
 * The steps that reshape the frame: pivot (PIVOT … ON … IN … USING … GROUP BY), unpivot (UNPIVOT … ON …
 * INTO NAME … VALUE …) and window (a window function OVER a partition and an order), as calls of the
 * script's helpers (`python-runtime-reshape.ts`). The output's column names and order are DuckDB's
 * (the step's described output), so the frame comes out exactly as the SQL's does.
 */

type ReshapeStep = Extract<Step, { kind: 'pivot' | 'unpivot' | 'window' }>;

/** Types whose text (pivot matches values as text) `as_text` writes as DuckDB does. */
const labelled = (type: string) => /^(VARCHAR|BOOLEAN)$/.test(baseType(type)) || isIntegerType(baseType(type));

/** Whether values of type `from` become `to` (UNPIVOT's common type) exactly in the script. */
function widens(from: string, to: string): boolean {
  const [a, b] = [baseType(from), baseType(to)];
  if (from.trim().toUpperCase() === to.trim().toUpperCase()) return true;
  if (isIntegerType(a) && (isIntegerType(b) || b === 'DOUBLE')) return true;
  return a === 'DATE' && b === 'TIMESTAMP';
}

export function reshapeStepPandas(step: ReshapeStep, ctx: StepContext): Result<StepCode, string> {
  const resolve = resolver(ctx.input);
  switch (step.kind) {
    case 'pivot': {
      const on = columnOf(ctx.input, step.on);
      if (!labelled(on.type)) return no(`a pivot on a ${on.type} column: DuckDB matches its values as text, which the pandas export writes as DuckDB does only for text, whole numbers and booleans`);
      const make = AGGREGATES[step.fn];
      if (!make) return no(`the aggregation ${step.fn} has no pandas form here`);
      const pivoted = ctx.output.slice(ctx.output.length - step.values.length).map((c) => c.name);
      const by = ctx.output.slice(0, ctx.output.length - step.values.length).map((c) => c.name);
      const empty = step.fn === 'count' || step.fn === 'count_distinct' ? '0' : 'pd.NA';
      return ok([
        `df = pivot_rows(df, by=${names(by)}, on=${pyStr(on.name)}, value=${pyStr(resolve(step.value))}, values=${names(step.values)}, names=${names(pivoted)},`,
        `                fn=${make(resolve(step.value))}, when_empty=${empty})`,
        retype(ctx),
      ]);
    }
    case 'unpivot': {
      const columns = step.columns.map((c) => columnOf(ctx.input, c));
      const value = ctx.output.at(-1)!;
      const odd = columns.find((c) => !widens(c.type, value.type));
      if (odd) return no(`an unpivot of ${odd.type} column ${JSON.stringify(odd.name)} into ${value.type} values, a conversion the pandas export does not reproduce`);
      const [name, valueName] = ctx.output.slice(-2).map((c) => c.name);
      return ok([`df = unpivot_rows(df, ${names(columns.map((c) => c.name))}, ${pyStr(name!)}, ${pyStr(valueName!)})`, retype(ctx)]);
    }
    case 'window': {
      const column = step.column ? resolve(step.column) : undefined;
      const args = [
        pyStr(step.fn),
        `partition_by=${names(step.partitionBy.map(resolve))}`,
        `order_by=[${step.orderBy.map((o) => `(${pyStr(resolve(o.column))}, ${o.direction === 'desc' ? 'False' : 'True'})`).join(', ')}]`,
        ...(column !== undefined && step.fn !== 'row_number' && step.fn !== 'rank' && step.fn !== 'dense_rank' ? [`column=${pyStr(column)}`] : []),
        ...(step.fn === 'lag' || step.fn === 'lead' ? [`offset=${step.offset ?? 1}`] : []),
      ];
      const type = ctx.output.at(-1)!.type;
      return ok(['df = df.copy()', `df[${pyStr(added(ctx, 1)[0]!)}] = as_type(window_values(df, ${args.join(', ')}), ${pyStr(type)})`, 'return df']);
    }
  }
}
