import type { Result } from '../result.ts';

/**
 * A `regex` rule's pattern (RE2, as DuckDB's `regexp_matches` reads it) as a Python `re` pattern with the
 * same matches, used with `re.ASCII` and `search` semantics; or why it is outside the two engines' common
 * ground. Accepted: literal characters, `.`, `^`, `\A`, `$` (end of text only in RE2: `\Z` in Python),
 * groups `(…)` and `(?:…)`, `|`, the quantifiers `* + ? {n} {n,} {n,m}` (n, m ≤ 1000) each optionally lazy
 * (`?`), classes `[…]` / `[^…]` with ranges, the escapes `\d \D \w \W` (ASCII in both with `re.ASCII`),
 * `\s` (RE2: `[\t\n\f\r ]`, written out), `\t \n \r \f`, `\xHH` and escaped punctuation. Refused:
 * back-references, look-around, named groups, flags, `\b`, POSIX and Unicode classes, possessive
 * quantifiers and anything else where RE2 and Python differ or one refuses what the other accepts.
 */

const PUNCTUATION = new Set([...'\\.^$|?*+()[]{}-/!"#%&\',:;<=>@_`~ ']);
const SIMPLE_ESCAPES = new Set(['d', 'D', 'w', 'W', 't', 'n', 'r', 'f']);
const RE2_SPACE = '\\t\\n\\f\\r ';

class Outside extends Error {}

function escape(p: string, i: number, inClass: boolean): { code: string; next: number } {
  const c = p[i + 1];
  if (c === undefined) throw new Outside('it ends with a lone backslash');
  if (SIMPLE_ESCAPES.has(c)) return { code: `\\${c}`, next: i + 2 };
  if (c === 's') return { code: inClass ? RE2_SPACE : `[${RE2_SPACE}]`, next: i + 2 };
  if (c === 'S' && !inClass) return { code: `[^${RE2_SPACE}]`, next: i + 2 };
  if (c === 'A' && !inClass) return { code: '\\A', next: i + 2 };
  if (c === 'x' && /^[0-9A-Fa-f]{2}$/.test(p.slice(i + 2, i + 4))) return { code: p.slice(i, i + 4), next: i + 4 };
  if (PUNCTUATION.has(c)) return { code: `\\${c}`, next: i + 2 };
  throw new Outside(`\\${c} means different things in RE2 and Python (or is refused by one of them)`);
}

function classCode(p: string, start: number): { code: string; next: number } {
  let i = start + 1;
  let code = '[';
  if (p[i] === '^') {
    code += '^';
    i++;
  }
  if (p[i] === ']') throw new Outside('a class starting with "]" is read differently by RE2 and Python');
  let first = true;
  while (i < p.length && p[i] !== ']') {
    const c = p[i]!;
    if (c === '[') throw new Outside('"[" inside a class (POSIX classes, nested sets) differs between RE2 and Python');
    if (!first && ['&&', '--', '~~', '||'].includes(p.slice(i, i + 2))) throw new Outside(`"${p.slice(i, i + 2)}" inside a class is a set operation in newer Pythons`);
    if (c === '\\') {
      const e = escape(p, i, true);
      code += e.code;
      i = e.next;
    } else {
      code += c;
      i++;
    }
    first = false;
  }
  if (p[i] !== ']') throw new Outside('a class is not closed');
  return { code: `${code}]`, next: i + 1 };
}

/** The Python pattern for an RE2 pattern, or why there is none with the same matches. */
export function pythonPattern(pattern: string): Result<string, string> {
  try {
    let out = '';
    let depth = 0;
    let canRepeat = false;
    let i = 0;
    while (i < pattern.length) {
      const c = pattern[i]!;
      if (c === '\\') {
        const e = escape(pattern, i, false);
        out += e.code;
        i = e.next;
        canRepeat = e.code !== '\\A';
      } else if (c === '[') {
        const cls = classCode(pattern, i);
        out += cls.code;
        i = cls.next;
        canRepeat = true;
      } else if (c === '(') {
        if (pattern[i + 1] === '?') {
          if (pattern[i + 2] !== ':') throw new Outside('"(?" groups other than "(?:" (flags, names, look-around) differ between RE2 and Python');
          out += '(?:';
          i += 3;
        } else {
          out += '(';
          i++;
        }
        depth++;
        canRepeat = false;
      } else if (c === ')') {
        if (depth === 0) throw new Outside('a ")" closes no group');
        depth--;
        out += ')';
        i++;
        canRepeat = true;
      } else if (c === '*' || c === '+' || c === '?' || c === '{') {
        let q = c;
        let next = i + 1;
        if (c === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
          if (!m) throw new Outside('a "{" that is no {n}, {n,} or {n,m} repetition is read differently by RE2 and Python');
          if (Number(m[1]) > 1000 || (m[3] && Number(m[3]) > 1000) || (m[3] && Number(m[3]) < Number(m[1]))) throw new Outside('a repetition count above 1000 or backwards is refused by RE2');
          q = m[0];
          next = i + m[0].length;
        }
        if (!canRepeat) throw new Outside(`"${q}" repeats nothing`);
        if (pattern[next] === '?') {
          q += '?';
          next++;
        }
        if (['*', '+', '?', '{'].includes(pattern[next] ?? '')) throw new Outside('a repeated repetition (possessive or nested quantifiers) differs between RE2 and Python');
        out += q;
        i = next;
        canRepeat = false;
      } else if (c === '$') {
        out += '\\Z';
        i++;
        canRepeat = false;
      } else if (c === '^') {
        out += '^';
        i++;
        canRepeat = false;
      } else if (c === '|') {
        out += '|';
        i++;
        canRepeat = false;
      } else {
        out += c === '}' || c === ']' ? `\\${c}` : c;
        i++;
        canRepeat = true;
      }
    }
    if (depth !== 0) throw new Outside('a "(" is not closed');
    return { ok: true, value: out };
  } catch (e) {
    if (e instanceof Outside) return { ok: false, error: e.message };
    throw e;
  }
}
