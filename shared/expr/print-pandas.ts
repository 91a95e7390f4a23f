import type { Result } from '../result.ts';
import { pyStr } from '../scripts/python-text.ts';
import { isIntegerLiteral, type BinaryOp, type Expr } from './ast.ts';

/**
 * An expression tree as pandas code over the frame `df`, with DuckDB's meaning: NULL propagates
 * (columns are pandas' nullable types: Int64, Float64, string, boolean), AND/OR/NOT are three-valued,
 * `/`, `//` and `%` follow DuckDB (`/` by zero gives inf, -inf or NaN, as IEEE 754; `//` and `%` by zero give
 * NULL, and truncate toward zero), and `round` rounds half away from zero. DuckDB gives NaN for a DOUBLE `%` 0
 * and NULL for a whole-number or DECIMAL one; the pandas script holds DECIMAL and DOUBLE alike, so `%` is
 * printed only when its divisor is a non-zero number or both sides are whole numbers or DECIMALs (refused
 * otherwise).
 * Where Python and DuckDB differ, the code calls a helper of the generated script (`scripts/python-runtime.ts`),
 * named for what it does.
 */

export interface PandasContext {
  /** The frame's column for a name as the user wrote it (DuckDB matches names case-insensitively), or null. */
  column(name: string): string | null;
  /** The DuckDB type of that column, when known. */
  type?(name: string): string | null;
}

type NumberKind = 'whole' | 'decimal' | 'float' | 'unknown';

/** What kind of number an expression gives in DuckDB, as far as its parts tell (for `%` by zero). */
function numberKind(expr: Expr, ctx: PandasContext): NumberKind {
  switch (expr.kind) {
    case 'number':
      return /^\d+$/.test(expr.text) ? 'whole' : /e/i.test(expr.text) ? 'float' : 'decimal';
    case 'column': {
      const type = ctx.type?.(expr.name)?.toUpperCase() ?? '';
      if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(type)) return 'whole';
      if (/^(DECIMAL|NUMERIC)\b/.test(type)) return 'decimal';
      return /^(FLOAT|REAL|DOUBLE)$/.test(type) ? 'float' : 'unknown';
    }
    case 'negate':
      return numberKind(expr.arg, ctx);
    case 'binary': {
      if (expr.op === '/') return 'float';
      if (!['+', '-', '*', '//', '%'].includes(expr.op)) return 'unknown';
      const kinds = [numberKind(expr.left, ctx), numberKind(expr.right, ctx)];
      for (const k of ['unknown', 'float', 'decimal'] as const) if (kinds.includes(k)) return k;
      return 'whole';
    }
    default:
      return 'unknown';
  }
}

/** Whether `left % right` by zero means the same in DuckDB and the pandas script (NULL), or cannot happen. */
function moduloAgrees(left: Expr, right: Expr, ctx: PandasContext): boolean {
  if (right.kind === 'number' && Number(right.text) !== 0) return true;
  return [left, right].every((e) => ['whole', 'decimal'].includes(numberKind(e, ctx)));
}

interface Printed {
  code: string;
  /** No column is read: a Python scalar, not a Series. */
  scalar: boolean;
}

class Refused extends Error {}

const HELPER: Partial<Record<BinaryOp, string>> = {
  '/': 'sql_divide',
  '//': 'sql_integer_divide',
  '%': 'sql_modulo',
  '||': 'sql_concat',
};

const PART_FUNCTIONS = new Set(['year', 'quarter', 'month', 'day', 'hour', 'minute', 'second']);

function print(expr: Expr, ctx: PandasContext): Printed {
  const series = (e: Expr): string => {
    const p = print(e, ctx);
    return p.scalar ? `constant(${p.code}, df)` : p.code;
  };
  switch (expr.kind) {
    case 'number':
      return { code: expr.text, scalar: true };
    case 'string':
      return { code: pyStr(expr.value), scalar: true };
    case 'boolean':
      return { code: expr.value ? 'True' : 'False', scalar: true };
    case 'null':
      return { code: 'pd.NA', scalar: true };
    case 'column': {
      const name = ctx.column(expr.name);
      if (name === null) throw new Refused(`there is no column ${JSON.stringify(expr.name)} at this step`);
      return { code: `df[${pyStr(name)}]`, scalar: false };
    }
    case 'negate': {
      const arg = print(expr.arg, ctx);
      return { code: `(-${arg.code})`, scalar: arg.scalar };
    }
    case 'not':
      return { code: `(~${series(expr.arg)})`, scalar: false };
    case 'is_null':
      return { code: `${series(expr.arg)}.${expr.negate ? 'notna' : 'isna'}()`, scalar: false };
    case 'binary': {
      const helper = HELPER[expr.op];
      if (expr.op === '%' && !moduloAgrees(expr.left, expr.right, ctx)) {
        throw new Refused('a % whose divisor may be 0 with a DOUBLE (or untyped) side: DuckDB gives NaN there and NULL for whole numbers and DECIMALs, which the pandas script, holding DECIMAL and DOUBLE alike, cannot tell apart');
      }
      if (helper) return { code: `${helper}(${series(expr.left)}, ${series(expr.right)})`, scalar: false };
      const left = print(expr.left, ctx);
      const right = print(expr.right, ctx);
      const op = { and: '&', or: '|', '=': '==', '<>': '!=', '+': '+', '-': '-', '*': '*', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }[expr.op as Exclude<BinaryOp, '/' | '//' | '%' | '||'>];
      if (op === undefined) throw new Refused(`the operator ${expr.op} has no pandas form`);
      // Two scalars: Python's own operators would differ from SQL for NULL and booleans; make one a Series.
      const l = left.scalar && right.scalar ? series(expr.left) : left.code;
      return { code: `(${l} ${op} ${right.code})`, scalar: false };
    }
    case 'case': {
      const branches = expr.whens.map((w) => `(${series(w.when)}, ${print(w.then, ctx).code})`);
      return { code: `sql_case(df, [${branches.join(', ')}], ${expr.otherwise ? print(expr.otherwise, ctx).code : 'pd.NA'})`, scalar: false };
    }
    case 'call':
      return { code: call(expr, ctx, series), scalar: false };
  }
}

function call(expr: Extract<Expr, { kind: 'call' }>, ctx: PandasContext, series: (e: Expr) => string): string {
  const [first, second, third] = expr.args;
  const literalInt = (e: Expr | undefined, what: string): string => {
    if (e === undefined) return '';
    if (isIntegerLiteral(e)) return e.text;
    if (e.kind === 'negate' && isIntegerLiteral(e.arg)) return `-${e.arg.text}`;
    throw new Refused(`${expr.fn}() in pandas takes its ${what} as a whole number written in the expression`);
  };
  switch (expr.fn) {
    case 'coalesce':
      return `sql_coalesce(${[series(first!), ...expr.args.slice(1).map((a) => print(a, ctx).code)].join(', ')})`;
    case 'abs':
      return `${series(first!)}.abs()`;
    case 'round':
      return `sql_round(${series(first!)}${second ? `, ${literalInt(second, 'number of digits')}` : ''})`;
    case 'lower':
    case 'upper':
      return `as_text(${series(first!)}).str.${expr.fn}()`;
    case 'length':
      return `as_text(${series(first!)}).str.len().astype("Int64")`;
    case 'trim':
      return `as_text(${series(first!)}).str.strip(" ")`;
    case 'substr':
      return `sql_substr(${series(first!)}, ${literalInt(second, 'start')}${third ? `, ${literalInt(third, 'length')}` : ''})`;
    case 'date_part':
      if (first?.kind !== 'string') throw new Refused('date_part() needs its part in quotes');
      return `date_part(${series(second!)}, ${pyStr(first.value)})`;
    default:
      if (PART_FUNCTIONS.has(expr.fn)) return `date_part(${series(first!)}, ${pyStr(expr.fn)})`;
      throw new Refused(`${expr.fn}() has no pandas form`);
  }
}

/** The pandas code for an expression over `df` (always a Series), or why it cannot be printed. */
export function exprPandas(expr: Expr, ctx: PandasContext): Result<string, string> {
  try {
    const printed = print(expr, ctx);
    return { ok: true, value: printed.scalar ? `constant(${printed.code}, df)` : printed.code };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.message };
    throw e;
  }
}
