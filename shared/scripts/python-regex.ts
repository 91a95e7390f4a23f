import type { Result } from '../result.ts';

/**
 * A DuckDB regular expression (RE2's dialect) in Python's `re` dialect with the same meaning, or why it
 * has none. The pattern is read piece by piece: what both dialects read alike is kept; what they read
 * differently is rewritten (`\d`, `\w`, `\s` and `\b` are ASCII in RE2 and Unicode in Python, `$` is
 * only the very end in RE2, `\z` is Python's `\Z`); what has no
 * exact rewrite is refused, naming the construct.
 */

const WORD = '0-9A-Za-z_';
const SPACE = '\\t\\n\\f\\r ';
/** Perl classes outside brackets, as RE2 defines them (ASCII only). */
const CLASSES: Record<string, string> = { d: '[0-9]', D: '[^0-9]', w: `[${WORD}]`, W: `[^${WORD}]`, s: `[${SPACE}]`, S: `[^${SPACE}]` };
/** Perl classes inside brackets: only the positive ones can be spliced into a class. */
const CLASS_RANGES: Record<string, string> = { d: '0-9', w: WORD, s: SPACE };
const BOUNDARY = `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
const NOT_BOUNDARY = `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
/** Escapes both dialects read as the same character. */
const SAME_ESCAPES = new Set(['t', 'n', 'r', 'f', 'v', 'a']);

class Untranslatable extends Error {}

const refuse = (construct: string, why: string): never => {
  throw new Untranslatable(`its regular expression uses ${construct}, ${why}`);
};

/** `\x{…}` (RE2) as Python's `\U…`; `\xHH` as it is. Returns the translation and how many characters it read. */
function hexEscape(pattern: string, at: number): [string, number] {
  const braced = /^\\x\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(at));
  if (braced) return [`\\U${braced[1]!.padStart(8, '0')}`, braced[0].length];
  const plain = /^\\x[0-9A-Fa-f]{2}/.exec(pattern.slice(at));
  if (plain) return [plain[0], 4];
  return refuse('a malformed \\x escape', 'which the two dialects read differently');
}

/** One escape (at `pattern[at] === '\\'`), inside brackets or not: the translation and its length in the pattern. */
function escape(pattern: string, at: number, inClass: boolean): [string, number] {
  const c = pattern[at + 1];
  if (c === undefined) return refuse('a trailing backslash', 'which is an error in RE2');
  if (c === 'x') return hexEscape(pattern, at);
  if (!/[0-9A-Za-z]/.test(c)) return [`\\${c}`, 2];
  if (SAME_ESCAPES.has(c)) return [`\\${c}`, 2];
  if (inClass) {
    const range = CLASS_RANGES[c];
    if (range) return [range, 2];
    if (CLASSES[c]) return refuse(`\\${c} inside brackets`, 'which has no exact form in a Python class');
  } else {
    const cls = CLASSES[c];
    if (cls) return [cls, 2];
    if (c === 'b') return [BOUNDARY, 2];
    if (c === 'B') return [NOT_BOUNDARY, 2];
    if (c === 'A') return ['\\A', 2];
    if (c === 'z') return ['\\Z', 2];
    if (c === 'Z') return refuse('\\Z', 'which RE2 does not have (Python reads it as the end of the text)');
  }
  if (/[0-9]/.test(c)) return refuse(`\\${c}`, 'a back-reference or octal escape that RE2 and Python read differently');
  if (c === 'p' || c === 'P') return refuse(`\\${c} (Unicode character classes)`, "which Python's re does not have");
  if (c === 'C') return refuse('\\C (any byte)', "which Python's re does not have");
  if (c === 'Q' || c === 'E') return refuse('\\Q…\\E quoting', "which Python's re does not have");
  return refuse(`the escape \\${c}`, 'which the two dialects read differently');
}

/** A `(?…` group opening at `at`: its translation and length; flags are checked against where they may stand. */
function groupOpening(pattern: string, at: number, state: { multiline: boolean }): [string, number] {
  const rest = pattern.slice(at);
  if (rest.startsWith('(?P<')) return ['(?P<', 4];
  if (rest.startsWith('(?P=')) return refuse('a named back-reference (?P=…)', 'which RE2 rejects');
  if (/^\(\?<[A-Za-z_]/.test(rest)) return refuse('a named group (?<name>…)', "which DuckDB's RE2 rejects (it reads (?P<name>…))");
  if (/^\(\?(=|!|<=|<!)/.test(rest)) return refuse('a lookaround (?=, (?!, (?<=, (?<!', 'which RE2 rejects');
  if (rest.startsWith('(?>')) return refuse('an atomic group (?>…)', 'which RE2 rejects');
  if (rest.startsWith('(?#')) return refuse('a comment (?#…)', 'which RE2 rejects');
  if (rest.startsWith('(?:')) return ['(?:', 3];
  const flags = /^\(\?([A-Za-z-]*)([:)])/.exec(rest);
  if (!flags) return refuse(`the group opening ${rest.slice(0, 4)}`, 'which the two dialects read differently');
  const [whole, letters, end] = [flags[0], flags[1]!, flags[2]!];
  if (!/^[ims]*(-[ims]*)?$/.test(letters) || letters === '-') return refuse(`the flags (?${letters}`, 'of which only i, m and s (and -i, -m, -s in a scoped group) mean the same in both');
  if (end === ')') {
    if (at !== 0 || letters.includes('-')) return refuse(`the flag group ${whole} after the start of the pattern`, 'which RE2 applies from there on and Python only at the very start');
    if (letters.includes('m')) state.multiline = true;
    return [whole, whole.length];
  }
  if (letters.includes('m')) return refuse(`the scoped multi-line flag ${whole}`, 'which changes what $ means inside it');
  return [whole, whole.length];
}

function translate(pattern: string): string {
  const state = { multiline: false };
  let out = '';
  let at = 0;
  while (at < pattern.length) {
    const c = pattern[at]!;
    if (c === '\\') {
      const [code, length] = escape(pattern, at, false);
      out += code;
      at += length;
    } else if (c === '[') {
      const [code, length] = bracket(pattern, at);
      out += code;
      at += length;
    } else if (c === '(' && pattern[at + 1] === '?') {
      const [code, length] = groupOpening(pattern, at, state);
      out += code;
      at += length;
    } else if (c === '$') {
      out += state.multiline ? '$' : '\\Z';
      at += 1;
    } else if (c === '{' && /^\{,\d*\}/.test(pattern.slice(at))) {
      return refuse('the repetition {,n}', 'which RE2 reads as text and Python as "up to n times"');
    } else if ((c === '*' || c === '+' || c === '?' || c === '}') && pattern[at + 1] === '+') {
      return refuse(`the possessive repetition ${c}+`, 'which RE2 rejects');
    } else {
      out += c;
      at += 1;
    }
  }
  return out;
}

/** A bracketed class at `at`: its translation and length. */
function bracket(pattern: string, at: number): [string, number] {
  let i = at + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  if (pattern[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < pattern.length && pattern[i] !== ']') {
    const c = pattern[i]!;
    if (c === '[' && pattern[i + 1] === ':') return refuse('a POSIX class like [:alpha:]', "which Python's re does not have");
    if (c === '\\') {
      const [code, length] = escape(pattern, i, true);
      out += code;
      i += length;
    } else {
      out += c === '[' || c === '&' || c === '~' || c === '|' ? `\\${c}` : c;
      i += 1;
    }
  }
  if (i >= pattern.length) return refuse('an unclosed [', 'which is an error in RE2');
  return [`${out}]`, i + 1 - at];
}

/**
 * Patterns RE2 refuses to compile (DuckDB then fails the step or check) are refused here too, so the script
 * never gives rows where DuckDB gives an error: unbalanced parentheses, a repetition of nothing, a repeated
 * repetition. (Classes and escapes are checked as they are translated.)
 */
function checkSyntax(pattern: string): void {
  let depth = 0;
  let repeatable = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      repeatable = true;
    } else if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      repeatable = true;
    } else if (c === '(') {
      depth++;
      repeatable = false;
      if (pattern[i + 1] === '?') i++;
    } else if (c === ')') {
      if (depth === 0) refuse('a ")" without its "("', 'which is an error in RE2');
      depth--;
      repeatable = true;
    } else if (c === '|') repeatable = false;
    else if (c === '*' || c === '+' || c === '?') {
      if (!repeatable) refuse(`a repetition "${c}" of nothing`, 'which is an error in RE2');
      // Lazy (`*?`) is fine; possessive (`*+`) is refused by the translation, naming it.
      if (pattern[i + 1] === '?' || pattern[i + 1] === '+') i++;
      repeatable = false;
    } else repeatable = true;
  }
  if (depth > 0) refuse('an unclosed "("', 'which is an error in RE2');
}

/** `pattern` (RE2, as DuckDB reads it) in Python's `re` dialect, or why it cannot be written there with the same meaning. */
export function pythonRegex(pattern: string): Result<string, string> {
  try {
    checkSyntax(pattern);
    return { ok: true, value: translate(pattern) };
  } catch (e) {
    if (e instanceof Untranslatable) return { ok: false, error: e.message };
    throw e;
  }
}
