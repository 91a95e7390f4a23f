import type { PipelineDocument } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { isIntegerType } from '../sql-types.ts';
import { pythonRegex } from './python-regex.ts';
import { pyList, pyStr } from './python-text.ts';

/** What every step translation shares: its context, its result, and the small pieces of code it is built from. */

export interface Column {
  name: string;
  type: string;
}

export interface StepContext {
  doc: PipelineDocument;
  /** The columns before and after the step, as DuckDB describes them. */
  input: readonly Column[];
  output: readonly Column[];
}

export interface StepCode {
  /** Extra parameters after `df`: the other inputs (joins, unions), as pipeline-run expressions. */
  others: string[];
  body: string[];
}

export const ok = (body: string[], others: string[] = []): Result<StepCode, string> => ({ ok: true, value: { others, body } });
export const no = (error: string): Result<StepCode, string> => ({ ok: false, error });

/** A step (or a part of one) that has no pandas form with DuckDB's meaning; the message says why. */
export class Refusal extends Error {}

export const col = (name: string) => `df[${pyStr(name)}]`;
export const names = (list: readonly string[]) => pyList(list.map(pyStr));
export const typesDict = (columns: readonly Column[]) => `{${columns.map((c) => `${pyStr(c.name)}: ${pyStr(c.type)}`).join(', ')}}`;
export const retype = (ctx: StepContext) => `return with_types(df, ${typesDict(ctx.output)})`;

/** The column a user name means (DuckDB matches names case-insensitively). */
export function resolver(columns: readonly Column[]): (name: string) => string {
  return (name) => columnOf(columns, name).name;
}

export function columnOf(columns: readonly Column[], name: string): Column {
  const found = columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new Refusal(`there is no column ${JSON.stringify(name)} at this step`);
  return found;
}

/** The DuckDB type's base name: `DECIMAL(18,3)` is DECIMAL. */
export const baseType = (type: string) => type.replace(/\(.*$/, '').trim().toUpperCase();

/** Types whose text (CAST … AS VARCHAR) the script writes as DuckDB does (`try_cast` to VARCHAR). */
const TEXT_SOURCES = /^(VARCHAR|BOOLEAN|DOUBLE|DATE|TIMESTAMP)$/;

/** `CAST(column AS VARCHAR)` as pandas code. */
export function textOf(column: Column): string {
  const base = baseType(column.type);
  if (base === 'VARCHAR') return col(column.name);
  if (isIntegerType(base) || TEXT_SOURCES.test(base)) return `try_cast(${col(column.name)}, ${pyStr(column.type)}, "VARCHAR")`;
  throw new Refusal(`the text of a ${column.type} column as DuckDB writes it is not reproduced by the pandas export`);
}

/**
 * The names of the `count` columns a step adds, as DuckDB gives them (the last of its output): a name an
 * earlier column already has comes out as `name_1`, so the step's own names are not used.
 */
export function added(ctx: StepContext, count: number): string[] {
  if (ctx.output.length !== ctx.input.length + count) throw new Refusal(`DuckDB's output has ${ctx.output.length} columns where ${ctx.input.length} + ${count} were expected`);
  return ctx.output.slice(ctx.input.length).map((c) => c.name);
}

/** The output column a step writes: a new column when `into` names another column, else the column itself (replaced in place). */
export const targetOf = (ctx: StepContext, column: string, into: string | undefined) => (into && into !== column ? added(ctx, 1)[0]! : columnOf(ctx.input, column).name);

/** The DuckDB type of an output column. */
export function outputType(ctx: StepContext, name: string): string {
  return columnOf(ctx.output, name).type;
}

/** A pattern (RE2, as DuckDB reads it) in Python's dialect, or a refusal naming the construct that differs. */
export function regexOf(pattern: string): string {
  const python = pythonRegex(pattern);
  if (!python.ok) throw new Refusal(python.error);
  return python.value;
}
