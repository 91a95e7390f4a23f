import { ident, str } from '../sql/quote.ts';
import { EXPR_DATE_PARTS, type Expr } from './ast.ts';

/**
 * An expression tree as DuckDB SQL: every name and string through `sql/quote.ts`, every operator and
 * function from the grammar's own lists, every operation parenthesized (so precedence never depends on
 * the printer). The result means what the user's text meant to DuckDB.
 */
export function exprSql(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(expr.text)) throw new Error(`Not a number: ${JSON.stringify(expr.text)}`);
      return expr.text;
    case 'string':
      return str(expr.value);
    case 'boolean':
      return expr.value ? 'true' : 'false';
    case 'null':
      return 'NULL';
    case 'column':
      return ident(expr.name);
    case 'negate':
      return `(- ${exprSql(expr.arg)})`;
    case 'not':
      return `(NOT ${exprSql(expr.arg)})`;
    case 'is_null':
      return `(${exprSql(expr.arg)} IS ${expr.negate ? 'NOT ' : ''}NULL)`;
    case 'binary': {
      const op = { and: 'AND', or: 'OR', '+': '+', '-': '-', '*': '*', '/': '/', '//': '//', '%': '%', '||': '||', '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }[expr.op];
      return `(${exprSql(expr.left)} ${op} ${exprSql(expr.right)})`;
    }
    case 'case':
      return `(CASE ${expr.whens.map((w) => `WHEN ${exprSql(w.when)} THEN ${exprSql(w.then)}`).join(' ')}${expr.otherwise ? ` ELSE ${exprSql(expr.otherwise)}` : ''} END)`;
    case 'call': {
      if (expr.fn === 'date_part') {
        const part = expr.args[0];
        if (part?.kind !== 'string' || !(EXPR_DATE_PARTS as readonly string[]).includes(part.value)) throw new Error('date_part() needs a known part.');
        return `date_part(${str(part.value)}, ${exprSql(expr.args[1]!)})`;
      }
      return `${expr.fn}(${expr.args.map(exprSql).join(', ')})`;
    }
  }
}
