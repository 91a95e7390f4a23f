import type { Step } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { isIntegerType } from '../sql-types.ts';
import { added, baseType, col, columnOf, no, ok, outputType, regexOf, targetOf, textOf, type Column, type StepCode, type StepContext } from './python-step-code.ts';
import { pyStr } from './python-text.ts';

/**
 * The steps that change one column or add columns from one: cast (TRY_CAST), split, extract,
 * parse_date and date_trunc, as calls of the script's helpers (`python-runtime-casts.ts`,
 * `python-runtime-reshape.ts`) that reproduce DuckDB's rules.
 */

type ColumnStep = Extract<Step, { kind: 'cast' | 'split' | 'extract' | 'parse_date' | 'date_trunc' }>;

const isInteger = (base: string) => isIntegerType(base) && base !== 'UHUGEINT';
const TEMPORAL = new Set(['DATE', 'TIMESTAMP']);

/** Why TRY_CAST from `from` to `to` has no exact pandas form, or null when it has one (`try_cast` in the runtime). */
export function castRefusal(from: string, to: string): string | null {
  const [source, target] = [baseType(from), baseType(to)];
  if (from.trim().toUpperCase() === to.trim().toUpperCase()) return null;
  if (target === 'FLOAT' || target === 'REAL') return `a cast to ${to}: FLOAT holds single-precision values, and the pandas script holds every fraction as a double`;
  if (source === 'DECIMAL' || source === 'FLOAT' || source === 'REAL') return `a cast from ${from}: the pandas script holds ${source} values as doubles, so a cast from them could round differently`;
  const known = (t: string) => t === 'VARCHAR' || t === 'BOOLEAN' || t === 'DOUBLE' || TEMPORAL.has(t) || isInteger(t) || t === 'DECIMAL';
  if (!known(source) || !known(target)) return `a cast from ${from} to ${to}: the pandas script has no exact form of ${known(source) ? to : from} values`;
  if (source === 'VARCHAR' || target === 'VARCHAR') return null;
  const numeric = (t: string) => isInteger(t) || t === 'BOOLEAN';
  if (TEMPORAL.has(source) && TEMPORAL.has(target)) return null;
  if (numeric(source) && (numeric(target) || target === 'DOUBLE' || target === 'DECIMAL')) return null;
  if (source === 'DOUBLE' && (isInteger(target) || target === 'DOUBLE')) return null;
  return `a cast from ${from} to ${to}: DuckDB's conversion between them is not reproduced by the pandas export`;
}

/** strptime directives `try_strptime` reads as DuckDB does. */
const STRPTIME_DIRECTIVES = new Set(['Y', 'm', 'd', 'H', 'M', 'S', 'y', 'b', 'B', '%']);

function formatRefusal(format: string): string | null {
  for (const match of format.matchAll(/%(.?)/g)) {
    const directive = match[1] ?? '';
    if (!STRPTIME_DIRECTIVES.has(directive)) return `its date format uses %${directive}, which the pandas export does not read as DuckDB does (it reads %Y %m %d %H %M %S %y %b %B)`;
  }
  return null;
}

export function columnStepPandas(step: ColumnStep, ctx: StepContext): Result<StepCode, string> {
  const source: Column = columnOf(ctx.input, step.column);
  switch (step.kind) {
    case 'cast': {
      const to = outputType(ctx, source.name);
      const refusal = castRefusal(source.type, to);
      if (refusal) return no(refusal);
      return ok(['df = df.copy()', `${col(source.name)} = try_cast(${col(source.name)}, ${pyStr(source.type)}, ${pyStr(to)})`, 'return df']);
    }
    case 'split':
      return ok(['df = df.copy()', ...added(ctx, step.into.length).map((name, i) => `df[${pyStr(name)}] = split_part(${textOf(source)}, ${pyStr(step.delimiter)}, ${i + 1})`), 'return df']);
    case 'extract':
      return ok(['df = df.copy()', `df[${pyStr(added(ctx, 1)[0]!)}] = regexp_extract(${textOf(source)}, ${pyStr(regexOf(step.pattern))}, ${step.group})`, 'return df']);
    case 'parse_date': {
      const refusal = formatRefusal(step.format);
      if (refusal) return no(refusal);
      const target = targetOf(ctx, step.column, step.into);
      return ok(['df = df.copy()', `df[${pyStr(target)}] = as_type(try_strptime(${textOf(source)}, ${pyStr(step.format)}), ${pyStr(outputType(ctx, target))})`, 'return df']);
    }
    case 'date_trunc': {
      if (!TEMPORAL.has(baseType(source.type))) return no(`date_trunc of a ${source.type} column is not translated (only DATE and TIMESTAMP are)`);
      const target = targetOf(ctx, step.column, step.into);
      return ok(['df = df.copy()', `df[${pyStr(target)}] = as_type(date_trunc(${col(source.name)}, ${pyStr(step.unit)}), ${pyStr(outputType(ctx, target))})`, 'return df']);
    }
  }
}
