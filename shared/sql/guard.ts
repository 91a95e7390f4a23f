import { lex, lineColumn, significant, type Token } from './lexer.ts';

/**
 * Checks for user-written SQL (a derived column's expression, a custom SQL step) before the compiler
 * places it inside generated SQL. This is the first of two walls:
 *
 * 1. Here, the text is read by a lexer that knows every DuckDB string, name and comment form, and
 *    must stay inside its parentheses: no `;`, balanced `(` `)`, no comments in expressions, no
 *    reference to the compiler's internal names (`__sluice…`), and a query must be a query.
 * 2. Every compiled query then runs as one prepared statement (the engine client in the app, the CLI's
 *    runner), and DuckDB refuses several statements in one prepare before running any. So even text
 *    that fooled this lexer could only change the one read-only statement it is part of.
 */

export type GuardResult = { ok: true } | { ok: false; reason: string };

/** The prefix of every name the compiler and the app make for themselves; user SQL may not name them. */
export const INTERNAL_PREFIX = '__sluice';

/** The most characters a user expression or query may have (far beyond any hand-written one). */
export const MAX_FRAGMENT_LENGTH = 100_000;

/** Words a query may start with: it must produce rows and nothing else. */
const QUERY_STARTS = new Set(['select', 'with', 'from', 'values', 'table']);

type What = 'expression' | 'query';

function where(text: string, at: number): string {
  const { line, column } = lineColumn(text, at);
  return text.includes('\n') ? ` (line ${line}, column ${column})` : ` (at character ${column})`;
}

function structure(text: string, what: What, tokens: readonly Token[]): GuardResult {
  let depth = 0;
  const meaningful = significant(tokens);
  for (const [index, token] of meaningful.entries()) {
    switch (token.kind) {
      case 'semicolon': {
        const last = meaningful.slice(index + 1).every((t) => t.kind === 'semicolon');
        if (what === 'query' && last) break;
        return { ok: false, reason: `${what === 'expression' ? 'An' : 'A'} ${what} must be a single statement: remove the ";"${where(text, token.start)}.` };
      }
      case 'open':
        depth++;
        break;
      case 'close':
        depth--;
        if (depth < 0) return { ok: false, reason: `The ${what} has a ")" without its "("${where(text, token.start)}.` };
        break;
      case 'word':
      case 'quoted-name':
        if (token.value.toLowerCase().startsWith(INTERNAL_PREFIX)) {
          return { ok: false, reason: `The ${what} names "${token.value}": names starting with ${INTERNAL_PREFIX} belong to Sluice.` };
        }
        break;
      default:
        break;
    }
  }
  if (depth !== 0) return { ok: false, reason: `The ${what} has a "(" without its ")".` };
  return { ok: true };
}

function lexed(text: string, what: What): { ok: true; tokens: Token[] } | { ok: false; reason: string } {
  if (text.trim() === '') return { ok: false, reason: `The ${what} is empty.` };
  if (text.length > MAX_FRAGMENT_LENGTH) return { ok: false, reason: `The ${what} is ${text.length.toLocaleString('en-US')} characters long; the limit is ${MAX_FRAGMENT_LENGTH.toLocaleString('en-US')}.` };
  if (text.includes('\u0000')) return { ok: false, reason: `The ${what} contains a NUL character.` };
  const result = lex(text);
  if (!result.ok) return { ok: false, reason: `The ${what} has ${result.reason}${where(text, result.at)}.` };
  return result;
}

/** An expression for one value per row (a derived column): it stays inside the parentheses around it. */
export function checkExpression(text: string): GuardResult {
  const result = lexed(text, 'expression');
  if (!result.ok) return result;
  const structural = structure(text, 'expression', result.tokens);
  if (!structural.ok) return structural;
  const comment = result.tokens.find((t) => t.kind === 'comment');
  if (comment) return { ok: false, reason: `Comments are not allowed in an expression${where(text, comment.start)}.` };
  return { ok: true };
}

/** A query over `input` (a custom SQL step): one SELECT (or WITH, FROM, VALUES, TABLE) statement. */
export function checkQuery(text: string): GuardResult {
  const result = lexed(text, 'query');
  if (!result.ok) return result;
  const first = significant(result.tokens).find((t) => t.kind !== 'open');
  if (!first || first.kind !== 'word' || !QUERY_STARTS.has(first.value.toLowerCase())) {
    return { ok: false, reason: `A custom SQL step must be a query that returns rows (SELECT, WITH, FROM or VALUES), not ${first ? `"${text.slice(first.start, first.end)}"` : 'nothing'}.` };
  }
  return structure(text, 'query', result.tokens);
}

/** A query without its trailing semicolons and comments (only the lexer knows where a statement really ends). */
export function stripTrailingSemicolon(query: string): string {
  const result = lex(query);
  if (!result.ok) return query.trim();
  const tokens = result.tokens;
  let end = tokens.length;
  const trailing = new Set(['semicolon', 'space', 'comment']);
  while (end > 0 && trailing.has(tokens[end - 1]!.kind)) end--;
  return query.slice(0, end > 0 ? tokens[end - 1]!.end : 0).trim();
}

/** One statement of a script, and where it starts in the script's text. */
export interface ScriptStatement {
  text: string;
  start: number;
}

/**
 * Split a script into statements at the semicolons that end them (not those in strings, names or
 * comments). Empty statements are dropped. For the SQL console, which runs what the user typed.
 */
export function splitStatements(script: string): { ok: true; statements: ScriptStatement[] } | { ok: false; reason: string; at: number } {
  const result = lex(script);
  if (!result.ok) return { ok: false, reason: `The SQL has ${result.reason}${where(script, result.at)}.`, at: result.at };
  const statements: ScriptStatement[] = [];
  let first: number | null = null;
  let last = 0;
  for (const token of result.tokens) {
    if (token.kind === 'semicolon') {
      if (first !== null) statements.push({ text: script.slice(first, last), start: first });
      first = null;
    } else if (token.kind !== 'space' && token.kind !== 'comment') {
      first ??= token.start;
      last = token.end;
    }
  }
  if (first !== null) statements.push({ text: script.slice(first, last), start: first });
  return { ok: true, statements };
}

/** The first word of a statement, lower-cased (after comments and opening parentheses). */
export function leadingKeyword(statement: string): string {
  const result = lex(statement);
  if (!result.ok) return '';
  const first = significant(result.tokens).find((t) => t.kind !== 'open');
  return first?.kind === 'word' ? first.value.toLowerCase() : '';
}

/** The one type-name rule lives in `sql-types.ts`. */
export { isTypeName } from '../sql-types.ts';
