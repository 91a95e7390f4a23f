/** Python source text: string literals, names and comments, so user text never becomes code. */

/** A Python string literal (JSON's escapes are valid Python, and `\u2028` etc. are escaped by JSON too). */
export function pyStr(value: string): string {
  return JSON.stringify(value);
}

/** A Python literal for a JSON-ish scalar; `{decimal}` keeps every digit (an int, or a float when it has a fraction). */
export function pyValue(value: string | number | boolean | null | { decimal: string }): string {
  if (value === null) return 'pd.NA';
  if (typeof value === 'object') {
    if (!/^-?\d+(\.\d+)?$/.test(value.decimal)) throw new Error(`${JSON.stringify(value.decimal)} is not a decimal number.`);
    return value.decimal;
  }
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (!Number.isFinite(value)) throw new Error(`${value} has no literal form.`);
  return String(value);
}

export const pyList = (values: readonly string[]) => `[${values.join(', ')}]`;

/** A comment line: user text on one line, after `# `. */
export function pyComment(text: string): string {
  return `# ${text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`;
}

const PY_KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case']);

/** A readable Python function name from a description, unique among `taken`. */
export function pyName(description: string, taken: Set<string>, fallback: string): string {
  const words = description
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let name = '';
  for (const word of words) {
    if (name.length + word.length > 40) break;
    name = name ? `${name}_${word}` : word;
  }
  if (name === '' || /^\d/.test(name) || PY_KEYWORDS.has(name)) name = `${fallback}${name ? `_${name}` : ''}`;
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
  taken.add(unique);
  return unique;
}
