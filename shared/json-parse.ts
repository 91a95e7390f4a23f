/**
 * A JSON parser that keeps what `JSON.parse` loses and DuckDB's read_json sees: whether a number was
 * written as a whole number (`2`: BIGINT) or not (`2.0`, `1e2`: DOUBLE), and every digit of whole
 * numbers beyond 2^53. Values: null, boolean, string, number (a whole number within ±2^53), bigint (a
 * whole number beyond ±2^53 within int64), `JsonFloat` (any other number), `JsonValue[]`, `JsonObject`.
 */

export class JsonFloat {
  constructor(
    readonly value: number,
    /** The number as written, for whole numbers beyond int64 (read_json keeps their digits as text). */
    readonly raw: string | null = null,
  ) {}
}

export type JsonValue = null | boolean | string | number | bigint | JsonFloat | JsonValue[] | JsonObject;
/** An object's keys in the order written (a plain object would put integer-like keys first). */
export type JsonObject = Map<string, JsonValue>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Deeper than this is refused (the row scan refuses it first, with the line: shared/json-rows.ts). */
const MAX_DEPTH = 1000;

export class JsonSyntaxError extends Error {}

/** Parse one JSON text (a whole NDJSON line, or one element of an array). Throws `JsonSyntaxError`. */
export function parseJson(text: string): JsonValue {
  const p = new Parser(text);
  p.ws();
  const value = p.value(0);
  p.ws();
  if (p.i < text.length) p.fail('unexpected text after the value');
  return value;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(why: string): never {
    throw new JsonSyntaxError(`${why} at position ${this.i + 1}`);
  }

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.i);
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('values are nested too deeply');
    const c = this.s.charCodeAt(this.i);
    if (c === 34) return this.string();
    if (c === 123) return this.object(depth + 1);
    if (c === 91) return this.array(depth + 1);
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (this.s.startsWith('true', this.i)) return (this.i += 4), true;
    if (this.s.startsWith('false', this.i)) return (this.i += 5), false;
    if (this.s.startsWith('null', this.i)) return (this.i += 4), null;
    return this.fail(this.i >= this.s.length ? 'unexpected end of the text' : `unexpected character ${JSON.stringify(this.s[this.i])}`);
  }

  object(depth: number): JsonObject {
    const out: JsonObject = new Map();
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) return this.i++, out;
    for (;;) {
      if (this.s.charCodeAt(this.i) !== 34) this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.s.charCodeAt(this.i) !== 58) this.fail('expected ":"');
      this.i++;
      this.ws();
      // A repeated key: the last value wins, as in JSON.parse.
      out.set(key, this.value(depth));
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 125) return out;
      if (c !== 44) this.fail('expected "," or "}"');
      this.ws();
    }
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 93) return this.i++, out;
    for (;;) {
      out.push(this.value(depth));
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 93) return out;
      if (c !== 44) this.fail('expected "," or "]"');
      this.ws();
    }
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    // Fast path: no escapes.
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 34) return s.slice(start, this.i++);
      if (c === 92) break;
      if (c < 32 || Number.isNaN(c)) this.fail(Number.isNaN(c) ? 'unterminated string' : 'control character in a string');
      this.i++;
    }
    // With escapes: find the end, let JSON.parse decode it.
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 92) this.i += 2;
      else if (c === 34) break;
      else this.i++;
    }
    if (this.i >= s.length) this.fail('unterminated string');
    const raw = s.slice(start - 1, ++this.i);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return this.fail('bad escape in a string');
    }
  }

  number(): number | bigint | JsonFloat {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(this.i) === 45) this.i++;
    const digits = this.i;
    while (isDigit(s.charCodeAt(this.i))) this.i++;
    if (this.i === digits || (s.charCodeAt(digits) === 48 && this.i - digits > 1)) this.fail('bad number');
    let whole = true;
    if (s.charCodeAt(this.i) === 46) {
      whole = false;
      const frac = ++this.i;
      while (isDigit(s.charCodeAt(this.i))) this.i++;
      if (this.i === frac) this.fail('bad number');
    }
    const e = s.charCodeAt(this.i);
    if (e === 101 || e === 69) {
      whole = false;
      this.i++;
      const sign = s.charCodeAt(this.i);
      if (sign === 43 || sign === 45) this.i++;
      const exp = this.i;
      while (isDigit(s.charCodeAt(this.i))) this.i++;
      if (this.i === exp) this.fail('bad number');
    }
    const text = s.slice(start, this.i);
    if (!whole) return new JsonFloat(Number(text));
    if (this.i - digits < 16) return Number(text) || 0; // -0 is the whole number 0
    const big = BigInt(text);
    if (big < INT64_MIN || big > INT64_MAX) return new JsonFloat(Number(text), text);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
