/**
 * A lexer for DuckDB's SQL, complete for every form in which text can hide: standard strings
 * ('it''s'), escape strings (E'it\'s'), dollar-quoted strings ($$…$$, $tag$…$tag$), quoted names
 * ("a""b"), line comments (--) and nested block comments (slash-star … star-slash). The guard reads user
 * fragments through it, so a quote, semicolon or parenthesis inside any of these is never mistaken
 * for structure. It does not parse: DuckDB's own parser still checks the meaning (see `guard.ts`).
 */

export type TokenKind =
  | 'space'
  | 'comment'
  | 'string'
  | 'quoted-name'
  | 'word'
  | 'number'
  | 'parameter'
  | 'open'
  | 'close'
  | 'semicolon'
  | 'comma'
  | 'operator';

export interface Token {
  kind: TokenKind;
  /** Offset of the first character in the text. */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** For `word`: the word; for `quoted-name`: the name with quotes removed; otherwise the raw text. */
  value: string;
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; reason: string; at: number };

// As in DuckDB's scanner (PostgreSQL's): any non-ASCII character is part of a name, and only ASCII
// whitespace separates tokens, so the lexer never splits a name where DuckDB would not.
const SPACE = /[ \t\n\r\f\v]/;
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;
const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?:.[]{}\\';

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)) => tokens.push({ kind, start, end, value });
  while (i < text.length) {
    const start = i;
    const ch = text[i]!;
    const next = text[i + 1];
    if (SPACE.test(ch)) {
      while (i < text.length && SPACE.test(text[i]!)) i++;
      push('space', start, i);
    } else if (ch === '-' && next === '-') {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
      push('comment', start, i);
    } else if (ch === '/' && next === '*') {
      const end = blockCommentEnd(text, i);
      if (end < 0) return { ok: false, reason: 'an unterminated comment (/* without */)', at: start };
      i = end;
      push('comment', start, i);
    } else if (ch === "'") {
      const end = quotedEnd(text, i, "'", false);
      if (end < 0) return { ok: false, reason: 'an unterminated string', at: start };
      i = end;
      push('string', start, i);
    } else if (ch === '"') {
      const end = quotedEnd(text, i, '"', false);
      if (end < 0) return { ok: false, reason: 'an unterminated quoted name', at: start };
      i = end;
      push('quoted-name', start, i, text.slice(start + 1, i - 1).replaceAll('""', '"'));
    } else if (ch === '$') {
      const tag = DOLLAR_TAG.exec(text.slice(i));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return { ok: false, reason: `an unterminated dollar-quoted string (${tag[0]} without its closing ${tag[0]})`, at: start };
        i = close + tag[0].length;
        push('string', start, i);
      } else if (next !== undefined && DIGIT.test(next)) {
        i++;
        while (i < text.length && DIGIT.test(text[i]!)) i++;
        push('parameter', start, i);
      } else {
        i++;
        push('operator', start, i);
      }
    } else if (WORD_START.test(ch)) {
      while (i < text.length && WORD_PART.test(text[i]!)) i++;
      const word = text.slice(start, i);
      if (text[i] === "'" && /^[EeXxBbNn]$/.test(word)) {
        // A prefixed string: E'…' takes backslash escapes; X'…', B'…' and N'…' are standard.
        const end = quotedEnd(text, i, "'", word === 'E' || word === 'e');
        if (end < 0) return { ok: false, reason: 'an unterminated string', at: start };
        i = end;
        push('string', start, i);
      } else {
        push('word', start, i, word);
      }
    } else if (DIGIT.test(ch) || (ch === '.' && next !== undefined && DIGIT.test(next))) {
      while (i < text.length && /[0-9a-zA-Z_.]/.test(text[i]!)) {
        if ((text[i] === 'e' || text[i] === 'E') && (text[i + 1] === '+' || text[i + 1] === '-')) i++;
        i++;
      }
      push('number', start, i);
    } else if (ch === '(') {
      i++;
      push('open', start, i);
    } else if (ch === ')') {
      i++;
      push('close', start, i);
    } else if (ch === ';') {
      i++;
      push('semicolon', start, i);
    } else if (ch === ',') {
      i++;
      push('comma', start, i);
    } else if (OPERATOR_CHARS.includes(ch)) {
      i++;
      push('operator', start, i);
    } else {
      return { ok: false, reason: `an unexpected character ${JSON.stringify(ch)}`, at: start };
    }
  }
  return { ok: true, tokens };
}

/** End offset (after the closing quote) of a quoted run starting at `start`, or -1. */
function quotedEnd(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') i++;
    else if (ch === quote) {
      if (text[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return -1;
}

/** End offset of a block comment starting at `start` (DuckDB nests them), or -1. */
function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The tokens that carry meaning (no spaces, no comments). */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

/** 1-based line and column of an offset, for messages. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
