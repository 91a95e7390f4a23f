import { lex, significant, type Token } from '../sql/lexer.ts';
import type { Result } from '../result.ts';
import { COMPARISONS, EXPR_DATE_PARTS, FUNCTIONS, type BinaryOp, type Expr, type FunctionName } from './ast.ts';

/**
 * A recursive-descent parser for the expression grammar every target can print, over the tokens of
 * `sql/lexer.ts` (so strings, quoted names and comments are read exactly as DuckDB reads them).
 * Precedence, loosest first, as in DuckDB: OR; AND; NOT; comparison and IS [NOT] NULL; `||`; `+ -`;
 * `* / // %`; unary minus; literals, columns, calls, CASE and parentheses.
 *
 * Text outside the grammar (casts, other functions, subqueries…) is not an error of the expression:
 * `parseExpression` says why it does not parse, and the compiler falls back to the guarded raw text.
 */

const MAX_DEPTH = 200;

/** Bare words that are not columns in DuckDB: never read as column names. */
const NOT_COLUMNS = new Set(['current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp', 'current_user', 'session_user', 'user', 'current_schema', 'current_catalog', 'default', 'cast', 'select', 'from', 'where', 'exists', 'interval', 'array', 'row', 'struct', 'map', 'list', 'distinct', 'all', 'any', 'some', 'in', 'like', 'ilike', 'between', 'similar', 'glob']);

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'true', 'false', 'case', 'when', 'then', 'else', 'end']);

const ALIASES: Record<string, FunctionName> = { substring: 'substr', datepart: 'date_part' };

class ParseError extends Error {}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Expr {
    const expr = this.or();
    const extra = this.tokens[this.at];
    if (extra) this.fail(`unexpected ${this.show(extra)}`, extra);
    return expr;
  }

  private fail(reason: string, token?: Token): never {
    throw new ParseError(token ? `${reason} (at character ${token.start + 1})` : reason);
  }

  private show(token: Token): string {
    return JSON.stringify(this.text.slice(token.start, token.end));
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private word(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'word' && t.value.toLowerCase() === value;
  }

  private eatWord(value: string): boolean {
    if (!this.word(value)) return false;
    this.at++;
    return true;
  }

  private expectWord(value: string): void {
    if (!this.eatWord(value)) this.fail(`expected ${value.toUpperCase()}${this.peek() ? `, found ${this.show(this.peek()!)}` : ' at the end'}`, this.peek());
  }

  /** An operator made of adjacent operator characters, e.g. `<=`, `//`, `||`. */
  private operator(): { text: string; length: number } | null {
    let text = '';
    let length = 0;
    let end = -1;
    for (let t = this.peek(); t?.kind === 'operator' && (end < 0 || t.start === end) && length < 2; t = this.peek(length)) {
      text += t.value;
      end = t.end;
      length++;
    }
    return length === 0 ? null : { text, length };
  }

  /** Take the operator if it is one of `ops` (longest first). */
  private eatOperator(ops: readonly string[]): string | null {
    const op = this.operator();
    if (!op) return null;
    for (const candidate of [op.text, op.text.slice(0, 1)]) {
      if (ops.includes(candidate)) {
        this.at += candidate.length === 2 && op.length === 2 ? 2 : 1;
        return candidate;
      }
    }
    return null;
  }

  private nest<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(`the expression nests more than ${MAX_DEPTH} levels deep`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    let left = this.and();
    while (this.eatWord('or')) left = { kind: 'binary', op: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.eatWord('and')) left = { kind: 'binary', op: 'and', left, right: this.not() };
    return left;
  }

  private not(): Expr {
    if (this.eatWord('not')) return this.nest(() => ({ kind: 'not', arg: this.not() }));
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.concat();
    if (this.eatWord('is')) {
      const negate = this.eatWord('not');
      this.expectWord('null');
      return { kind: 'is_null', arg: left, negate };
    }
    const op = this.eatOperator(['<=', '>=', '<>', '!=', '==', '=', '<', '>']);
    if (op === null) return left;
    const normal = (op === '!=' ? '<>' : op === '==' ? '=' : op) as BinaryOp;
    if (!COMPARISONS.includes(normal)) this.fail(`unknown comparison ${op}`);
    return { kind: 'binary', op: normal, left, right: this.concat() };
  }

  private concat(): Expr {
    let left = this.additive();
    for (let op = this.eatOperator(['||']); op !== null; op = this.eatOperator(['||'])) left = { kind: 'binary', op: '||', left, right: this.additive() };
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (let op = this.eatOperator(['+', '-']); op !== null; op = this.eatOperator(['+', '-'])) left = { kind: 'binary', op: op as BinaryOp, left, right: this.multiplicative() };
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (let op = this.eatOperator(['//', '*', '/', '%']); op !== null; op = this.eatOperator(['//', '*', '/', '%'])) left = { kind: 'binary', op: op as BinaryOp, left, right: this.unary() };
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t?.kind === 'operator' && (t.value === '-' || t.value === '+')) {
      this.at++;
      const arg = this.nest(() => this.unary());
      return t.value === '-' ? { kind: 'negate', arg } : arg;
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.peek();
    if (!token) return this.fail('the expression ends too early');
    switch (token.kind) {
      case 'number':
        if (!/^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(token.value)) this.fail(`${this.show(token)} is not a plain decimal number`, token);
        this.at++;
        return { kind: 'number', text: token.value.startsWith('.') ? `0${token.value}` : token.value.endsWith('.') ? `${token.value}0` : token.value };
      case 'string':
        if (!token.value.startsWith("'")) this.fail(`${this.show(token)}: only plain '…' strings`, token);
        this.at++;
        return { kind: 'string', value: token.value.slice(1, -1).replaceAll("''", "'") };
      case 'quoted-name':
        this.at++;
        return { kind: 'column', name: token.value };
      case 'open': {
        this.at++;
        const inner = this.nest(() => this.or());
        if (this.peek()?.kind !== 'close') this.fail('expected ")"', this.peek());
        this.at++;
        return inner;
      }
      case 'word':
        return this.wordExpr(token);
      default:
        return this.fail(`unexpected ${this.show(token)}`, token);
    }
  }

  private wordExpr(token: Token): Expr {
    const lower = token.value.toLowerCase();
    if (lower === 'null') return this.take({ kind: 'null' });
    if (lower === 'true' || lower === 'false') return this.take({ kind: 'boolean', value: lower === 'true' });
    if (lower === 'case') return this.nest(() => this.caseExpr());
    if (this.peek(1)?.kind === 'open') return this.nest(() => this.call(token));
    if (KEYWORDS.has(lower) || NOT_COLUMNS.has(lower)) this.fail(`${this.show(token)} is not a column here`, token);
    return this.take({ kind: 'column', name: token.value });
  }

  private take(expr: Expr): Expr {
    this.at++;
    return expr;
  }

  private caseExpr(): Expr {
    this.at++;
    if (!this.word('when')) this.fail('only CASE WHEN … THEN … [ELSE …] END (no CASE value WHEN)', this.peek());
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.eatWord('when')) {
      const when = this.or();
      this.expectWord('then');
      whens.push({ when, then: this.or() });
    }
    const otherwise = this.eatWord('else') ? this.or() : null;
    this.expectWord('end');
    return { kind: 'case', whens, otherwise };
  }

  private call(token: Token): Expr {
    const lower = token.value.toLowerCase();
    const fn = (ALIASES[lower] ?? lower) as FunctionName;
    if (!Object.hasOwn(FUNCTIONS, fn)) this.fail(`${token.value}() is not one of the functions every target prints (${Object.keys(FUNCTIONS).join(', ')})`, token);
    this.at += 2;
    const args: Expr[] = [];
    if (this.peek()?.kind !== 'close') {
      args.push(this.or());
      while (this.peek()?.kind === 'comma') {
        this.at++;
        args.push(this.or());
      }
    }
    if (this.peek()?.kind !== 'close') this.fail(`expected "," or ")" in ${fn}()`, this.peek());
    this.at++;
    const [min, max] = FUNCTIONS[fn];
    if (args.length < min || args.length > max) this.fail(`${fn}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${args.length}`, token);
    if (fn === 'date_part') {
      const part = args[0]!;
      if (part.kind !== 'string' || !(EXPR_DATE_PARTS as readonly string[]).includes(part.value.toLowerCase())) this.fail(`date_part() takes a part in quotes: one of ${EXPR_DATE_PARTS.join(', ')}`, token);
      args[0] = { kind: 'string', value: part.value.toLowerCase() };
    }
    return { kind: 'call', fn, args };
  }
}

/** Parse an expression of the grammar, or say why it is not one. */
export function parseExpression(text: string): Result<Expr, string> {
  const lexed = lex(text);
  if (!lexed.ok) return { ok: false, error: `${lexed.reason} (at character ${lexed.at + 1})` };
  if (lexed.tokens.some((t) => t.kind === 'comment')) return { ok: false, error: 'comments are not part of an expression' };
  const tokens = significant(lexed.tokens);
  if (tokens.length === 0) return { ok: false, error: 'the expression is empty' };
  try {
    return { ok: true, value: new Parser(text, tokens).parse() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}
