/**
 * The expression tree of a user expression (a derived column's formula): what every target prints
 * (`print-sql.ts` for DuckDB, `print-pandas.ts` for the pandas script). `parse.ts` builds it.
 */

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '||' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export const COMPARISONS: readonly BinaryOp[] = ['=', '<>', '<', '<=', '>', '>='];

/** Functions the grammar knows, with their argument counts (min, max). */
export const FUNCTIONS = {
  coalesce: [1, 100],
  abs: [1, 1],
  round: [1, 2],
  lower: [1, 1],
  upper: [1, 1],
  length: [1, 1],
  trim: [1, 1],
  substr: [2, 3],
  year: [1, 1],
  quarter: [1, 1],
  month: [1, 1],
  day: [1, 1],
  hour: [1, 1],
  minute: [1, 1],
  second: [1, 1],
  date_part: [2, 2],
} as const satisfies Record<string, readonly [number, number]>;

export type FunctionName = keyof typeof FUNCTIONS;

/** Date parts `date_part('x', …)` accepts (and the part functions `year()` … name). */
export const EXPR_DATE_PARTS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'dayofweek'] as const;
export type ExprDatePart = (typeof EXPR_DATE_PARTS)[number];

export type Expr =
  /** A number as written (digits, optional fraction and exponent): integer when it has neither. */
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'column'; name: string }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'not'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'is_null'; arg: Expr; negate: boolean }
  | { kind: 'case'; whens: { when: Expr; then: Expr }[]; otherwise: Expr | null }
  | { kind: 'call'; fn: FunctionName; args: Expr[] };

export const isIntegerLiteral = (e: Expr): e is { kind: 'number'; text: string } => e.kind === 'number' && /^\d+$/.test(e.text);

/** The column names an expression reads, in order of first use. */
export function columnsOf(expr: Expr, into: string[] = []): string[] {
  switch (expr.kind) {
    case 'column':
      if (!into.includes(expr.name)) into.push(expr.name);
      break;
    case 'negate':
    case 'not':
    case 'is_null':
      columnsOf(expr.arg, into);
      break;
    case 'binary':
      columnsOf(expr.left, into);
      columnsOf(expr.right, into);
      break;
    case 'case':
      for (const w of expr.whens) {
        columnsOf(w.when, into);
        columnsOf(w.then, into);
      }
      if (expr.otherwise) columnsOf(expr.otherwise, into);
      break;
    case 'call':
      expr.args.forEach((a) => columnsOf(a, into));
      break;
    default:
      break;
  }
  return into;
}
