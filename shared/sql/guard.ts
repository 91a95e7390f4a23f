/**
 * Checks for user-written SQL fragments (a derived column's expression, a custom SQL step) before they
 * are placed inside generated SQL: one statement, balanced parentheses, no comments that could hide
 * the rest of the generated text. DuckDB itself checks the meaning when the step is previewed.
 */

export type GuardResult = { ok: true } | { ok: false; reason: string };

export function checkFragment(text: string, what: 'expression' | 'query'): GuardResult {
  if (text.trim() === '') return { ok: false, reason: `The ${what} is empty.` };
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const close = findClose(text, i, ch);
      if (close < 0) return { ok: false, reason: `The ${what} has an unterminated ${ch === "'" ? 'string' : 'quoted name'}.` };
      i = close;
    } else if (ch === '-' && text[i + 1] === '-') {
      return { ok: false, reason: `Comments (--) are not allowed in a ${what}.` };
    } else if (ch === '/' && text[i + 1] === '*') {
      return { ok: false, reason: `Comments (/* */) are not allowed in a ${what}.` };
    } else if (ch === ';') {
      if (text.slice(i + 1).trim() === '' && what === 'query') continue;
      return { ok: false, reason: `A ${what} must be a single statement (no ";").` };
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth < 0) return { ok: false, reason: `The ${what} has an unmatched ")".` };
    }
  }
  if (depth !== 0) return { ok: false, reason: `The ${what} has an unmatched "(".` };
  return { ok: true };
}

/** Index of the quote closing the one at `start` (doubled quotes are escapes), or -1. */
function findClose(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i;
    }
  }
  return -1;
}

/** A custom query without its trailing semicolon. */
export function stripTrailingSemicolon(query: string): string {
  return query.trim().replace(/;\s*$/, '');
}

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*( [A-Za-z]+)*(\s*\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])*$/;

/** Whether `type` is a plain DuckDB type name (types cannot be quoted, so they are checked instead). */
export function isTypeName(type: string): boolean {
  return TYPE_NAME.test(type.trim()) && type.length <= 64;
}
