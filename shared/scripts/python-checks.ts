import { describeRule } from '../checks/describe-rule.ts';
import { quarantineRules } from '../checks/quarantine.ts';
import { actionOf, isRowRule, type CheckRule, type RowRule } from '../checks/rules.ts';
import { columnsOf, type Expr } from '../expr/ast.ts';
import { parseExpression } from '../expr/parse.ts';
import { exprPandas } from '../expr/print-pandas.ts';
import { isExactNumber, type PipelineDocument, type Scalar } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import type { Column } from './python-steps.ts';
import { pythonRegex } from './python-regex.ts';
import { pyComment, pyName, pyStr } from './python-text.ts';
import { checkName, enabledChecks, failedChecksColumn } from './script-checks.ts';

/**
 * The checks in the pandas script, each rule as a function over the checked frame with the meaning of
 * its SQL (`shared/checks/rule-sql.ts`; NULL, NaN and '' as docs/checks.md says), its status as
 * `verdict.ts` decides it, and quarantine as `shared/checks/quarantine.ts` splits the rows. A rule that
 * pandas cannot evaluate with DuckDB's meaning refuses the export, naming the check and why.
 */

/** Where a rule's rows are in the generated script, and their columns. */
export interface CheckedFrame {
  /** The Python expression of the frame (`results["main"]`, or a step's checkpoint). */
  frame: string;
  columns: readonly Column[];
}

export interface PythonChecksContext {
  doc: PipelineDocument;
  /** The rows a rule checks (after its step, or the pipeline's output). */
  checked(rule: CheckRule): Result<CheckedFrame, string>;
  /** A relationship's other rows (a source or a pipeline's output). */
  relation(to: { kind: 'source' | 'pipeline'; id: string }): Result<CheckedFrame, string>;
}

export interface PythonChecks {
  /** The check functions and `run_checks(sources, results, now)`; empty when the document has no enabled check. */
  code: string;
  /** Per quarantined pipeline id: the Python expression of the rule masks over `df`, by rule id. */
  quarantine: Map<string, { id: string; fn: string }[]>;
}

/** The runtime's check helpers (python-runtime.ts): no generated function takes their names. */
export const CHECK_HELPERS = ['run_checks', 'keep_nan', 'is_nan', 'check_text', 'castable_number', 'castable_format', 'fails_expression', 'missing_keys', 'normalize_type', 'schema_differences', 'check_status', 'percent', 'log_check', 'quarantine_path', 'split_quarantine', 'quarantine_format'];

class Refusal extends Error {}

type Kind = 'number' | 'float' | 'text' | 'boolean' | 'date' | 'timestamp' | 'other';

function kindOf(type: string): Kind {
  const base = type.split('(')[0]!.trim().toUpperCase();
  if (['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'DECIMAL'].includes(base)) return 'number';
  if (base === 'FLOAT' || base === 'DOUBLE') return 'float';
  if (base === 'VARCHAR') return 'text';
  if (base === 'BOOLEAN') return 'boolean';
  if (base === 'DATE') return 'date';
  if (base === 'TIMESTAMP') return 'timestamp';
  return 'other';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d{1,6})?)?$/;

/** A value compared with a column of this type, as DuckDB casts the literal to the column's type; refused where the cast is not plain. */
function valueFor(value: Exclude<Scalar, null>, column: Column, what: string): string {
  const kind = kindOf(column.type);
  const shown = JSON.stringify(isExactNumber(value) ? value.decimal : value);
  const refuse = () => new Refusal(`${what} ${shown} is compared with ${column.type} column "${column.name}" through a cast pandas does not reproduce`);
  if (kind === 'number' || kind === 'float') {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (isExactNumber(value) && /^-?\d+(\.\d+)?$/.test(value.decimal)) return value.decimal;
    throw refuse();
  }
  if (kind === 'text' && typeof value === 'string') return pyStr(value);
  if (kind === 'boolean' && typeof value === 'boolean') return value ? 'True' : 'False';
  if ((kind === 'date' && typeof value === 'string' && ISO_DATE.test(value)) || (kind === 'timestamp' && typeof value === 'string' && ISO_TIMESTAMP.test(value))) return `pd.Timestamp(${pyStr(value)})`;
  throw refuse();
}

/** DuckDB's strptime format as a regular expression of its fields, for `castable_format`. */
function formatPattern(format: string): { pattern: string; fields: string[] } {
  const fields: string[] = [];
  let pattern = '[ \\t\\n\\r\\f\\v]*';
  let afterField = false;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%') {
      const spec = format[++i];
      if (spec === '%') {
        pattern += '%';
        afterField = false;
        continue;
      }
      const digits = { Y: '(\\d{1,4})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})' }[spec ?? ''];
      if (!digits) throw new Refusal(`the format ${JSON.stringify(format)} uses %${spec ?? ''}; the pandas script reads only %Y %m %d %H %M %S exactly as DuckDB's strptime`);
      if (afterField) throw new Refusal(`the format ${JSON.stringify(format)} has two fields with nothing between them, which DuckDB splits its own way`);
      if (fields.includes(spec!)) throw new Refusal(`the format ${JSON.stringify(format)} has %${spec!} twice`);
      fields.push(spec!);
      pattern += digits;
      afterField = true;
    } else if (/\s/.test(c)) {
      if (!pattern.endsWith('[ \\t\\n\\r\\f\\v]+')) pattern += '[ \\t\\n\\r\\f\\v]+';
      afterField = false;
    } else {
      pattern += c.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&');
      afterField = false;
    }
  }
  return { pattern: `${pattern}[ \\t\\n\\r\\f\\v]*`, fields };
}

/** True when the expression compares a value read from a FLOAT or DOUBLE column (NaN orders differently). */
function comparesFloats(expr: Expr, floats: (name: string) => boolean): boolean {
  const reads = (e: Expr) => columnsOf(e).some(floats);
  switch (expr.kind) {
    case 'binary':
      if (['=', '<>', '<', '<=', '>', '>='].includes(expr.op) && (reads(expr.left) || reads(expr.right))) return true;
      return comparesFloats(expr.left, floats) || comparesFloats(expr.right, floats);
    case 'negate':
    case 'not':
    case 'is_null':
      return comparesFloats(expr.arg, floats);
    case 'case':
      return expr.whens.some((w) => comparesFloats(w.when, floats) || comparesFloats(w.then, floats)) || (expr.otherwise !== null && comparesFloats(expr.otherwise, floats));
    case 'call':
      return expr.args.some((a) => comparesFloats(a, floats));
    default:
      return false;
  }
}

/** The failing-row mask of a row rule over `df` (a bool Series), with `now` the checks' moment. */
function rowMask(rule: RowRule, checked: CheckedFrame, ctx: PythonChecksContext): { body: string[]; other?: string } {
  const find = (name: string): Column => {
    const found = checked.columns.find((c) => c.name === name) ?? checked.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new Refusal(`there is no column ${JSON.stringify(name)} where it applies`);
    return found;
  };
  const col = (c: Column) => `df[${pyStr(c.name)}]`;
  const text = (c: Column) => {
    if (kindOf(c.type) === 'other') throw new Refusal(`the pandas script does not hold ${c.type} column "${c.name}" as text`);
    return `check_text(${col(c)}, ${pyStr(c.type)})`;
  };
  const present = (c: Column) => `${col(c)}.notna().to_numpy()`;
  const mask = (expr: string) => ({ body: [`return pd.Series(${expr}, index=df.index)`] });
  switch (rule.kind) {
    case 'not_null': {
      const c = find(rule.column);
      const parts = [`${col(c)}.isna().to_numpy()`];
      if (rule.emptyIsNull === true) parts.push(`known(${text(c)} == "").to_numpy()`);
      if (rule.nanIsNull === true && kindOf(c.type) === 'float') parts.push(`is_nan(${col(c)}).to_numpy()`);
      return mask(parts.join(' | '));
    }
    case 'unique': {
      const c = find(rule.column);
      return mask(`${present(c)} & ${col(c)}.duplicated(keep=False).to_numpy()`);
    }
    case 'unique_combination': {
      const cs = rule.columns.map(find);
      const names = `[${cs.map((c) => pyStr(c.name)).join(', ')}]`;
      return mask(`df[${names}].notna().all(axis=1).to_numpy() & df[${names}].duplicated(keep=False).to_numpy()`);
    }
    case 'accepted_values': {
      const c = find(rule.column);
      const values = rule.values.map((v, i) => valueFor(v, c, `values[${i}]`));
      const nan = kindOf(c.type) === 'float' ? ` | is_nan(${col(c)}).to_numpy()` : '';
      return mask(`${present(c)} & (~known(${col(c)}.isin([${values.join(', ')}])).to_numpy()${nan})`);
    }
    case 'range': {
      const c = find(rule.column);
      const bounds = [
        rule.min === undefined ? null : `(${col(c)} ${rule.minInclusive === false ? '>' : '>='} ${valueFor(rule.min, c, 'min')})`,
        rule.max === undefined ? null : `(${col(c)} ${rule.maxInclusive === false ? '<' : '<='} ${valueFor(rule.max, c, 'max')})`,
      ].filter((b): b is string => b !== null);
      if (kindOf(c.type) === 'boolean') throw new Refusal(`a range over boolean column "${c.name}"`);
      const nan = kindOf(c.type) === 'float' ? `is_nan(${col(c)}).to_numpy() | ` : '';
      return mask(`${present(c)} & (${nan}~known(${bounds.join(' & ')}).to_numpy())`);
    }
    case 'regex': {
      const c = find(rule.column);
      const python = pythonRegex(rule.pattern);
      if (!python.ok) throw new Refusal(`its pattern ${JSON.stringify(rule.pattern)}: ${python.error}`);
      return mask(`${present(c)} & ~known(${text(c)}.str.contains(${pyStr(python.value)}, regex=True, flags=re.ASCII)).to_numpy()`);
    }
    case 'length': {
      const c = find(rule.column);
      const bounds = [rule.min === undefined ? null : `(lengths >= ${String(rule.min)})`, rule.max === undefined ? null : `(lengths <= ${String(rule.max)})`].filter((b): b is string => b !== null);
      return { body: [`lengths = ${text(c)}.str.len()`, `return pd.Series(${present(c)} & ~known(${bounds.join(' & ')}).to_numpy(), index=df.index)`] };
    }
    case 'castable': {
      const c = find(rule.column);
      const empty = rule.emptyIsNull === true ? ' & known(texts != "").to_numpy()' : '';
      let parses: string;
      if (rule.to === 'number') {
        parses = 'texts.map(castable_number, na_action="ignore")';
      } else {
        if (rule.format === undefined) throw new Refusal(`castable to ${rule.to} without a format is DuckDB's own ${rule.to} parsing (lenient separators, time parts, BC, infinity), which pandas does not reproduce exactly; give a strptime format`);
        const { pattern, fields } = formatPattern(rule.format);
        parses = `texts.map(lambda text: castable_format(text, re.compile(${pyStr(pattern)}, re.ASCII), ${pyStr(fields.join(''))}), na_action="ignore")`;
      }
      return { body: [`texts = ${text(c)}`, `return pd.Series(${present(c)}${empty} & ~known(${parses}.astype("boolean")).to_numpy(), index=df.index)`] };
    }
    case 'not_in_future': {
      const c = find(rule.column);
      const kind = kindOf(c.type);
      if (kind !== 'date' && kind !== 'timestamp') throw new Refusal(`"not in the future" reads ${c.type} column "${c.name}" through DuckDB's TIMESTAMP cast of its text, which pandas does not reproduce; check a DATE or TIMESTAMP column (e.g. after a parse-date step)`);
      return mask(`known(${col(c)} > now).to_numpy()`);
    }
    case 'expression': {
      const parsed = parseExpression(rule.expression);
      if (!parsed.ok) throw new Refusal(`its expression is outside what every target can print (${parsed.error})`);
      const floats = (name: string) => {
        const c = checked.columns.find((x) => x.name === name) ?? checked.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
        return c !== undefined && kindOf(c.type) === 'float';
      };
      if (comparesFloats(parsed.value, floats)) throw new Refusal('its expression compares a FLOAT or DOUBLE column, where DuckDB orders NaN above every number and pandas does not');
      const code = exprPandas(parsed.value, { column: (n) => checked.columns.find((c) => c.name === n)?.name ?? checked.columns.find((c) => c.name.toLowerCase() === n.toLowerCase())?.name ?? null, type: (n) => checked.columns.find((c) => c.name === n)?.type ?? checked.columns.find((c) => c.name.toLowerCase() === n.toLowerCase())?.type ?? null });
      if (!code.ok) throw new Refusal(code.error);
      return mask(`fails_expression(${code.value}).to_numpy()`);
    }
    case 'relationship': {
      const cs = rule.columns.map(find);
      const other = ctx.relation(rule.to);
      if (!other.ok) throw new Refusal(other.error);
      const keys = rule.to.columns.map((name) => {
        const found = other.value.columns.find((c) => c.name === name) ?? other.value.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
        if (!found) throw new Refusal(`there is no column ${JSON.stringify(name)} in "${rule.to.id}"`);
        return found;
      });
      cs.forEach((c, i) => {
        const k = keys[i]!;
        const same = (a: Kind) => (a === 'float' ? 'number' : a);
        if (same(kindOf(c.type)) !== same(kindOf(k.type)) || kindOf(c.type) === 'other') throw new Refusal(`its key "${c.name}" (${c.type}) is compared with "${k.name}" (${k.type}) through a cast pandas does not reproduce`);
      });
      return { body: [`return missing_keys(df, [${cs.map((c) => pyStr(c.name)).join(', ')}], other, [${keys.map((k) => pyStr(k.name)).join(', ')}])`], other: other.value.frame };
    }
  }
}

const thresholdPy = (rule: CheckRule): string => {
  const threshold = 'threshold' in rule ? rule.threshold : undefined;
  if (threshold === undefined) return 'None';
  return 'maxCount' in threshold ? `("count", ${String(threshold.maxCount)})` : `("fraction", ${String(threshold.maxFraction)})`;
};

const beyond = (rule: CheckRule) => (rule.severity === 'warn' || actionOf(rule) === 'warn' ? 'warning' : 'failed');

/** The checks' code, or the first rule pandas cannot evaluate exactly (named, with why). */
export function pythonChecks(ctx: PythonChecksContext, taken: Set<string>): Result<PythonChecks, string> {
  const rules = enabledChecks(ctx.doc);
  const functions: string[] = [];
  const calls: string[] = [];
  const quarantine = new Map<string, { id: string; fn: string }[]>();
  const quarantined = new Set(ctx.doc.pipelines.flatMap((p) => quarantineRules(ctx.doc, p.id).map((r) => r.id)));
  for (const rule of rules) {
    try {
      const checked = ctx.checked(rule);
      if (!checked.ok) throw new Refusal(checked.error);
      const fn = pyName(`check ${rule.id}`, taken, 'check');
      const doc = `    """${checkName(rule).replaceAll('\\', '\\\\').replaceAll('"""', "'''")}: ${rule.severity}${isRowRule(rule) ? `, action ${actionOf(rule)!}` : ''}."""`;
      const result = (failing: string, total: string, observed = 'None') =>
        `{"id": ${pyStr(rule.id)}, "kind": ${pyStr(rule.kind)}, "label": ${pyStr(describeRule(rule))}, "status": check_status(${failing}, ${total}, ${thresholdPy(rule)}, ${pyStr(beyond(rule))}), "failing": ${failing}, "total": ${total}, "observed": ${observed}}`;
      if (isRowRule(rule)) {
        const code = rowMask(rule, checked.value, ctx);
        const params = code.other ? 'df, now, other' : 'df, now';
        functions.push([pyComment(checkName(rule)), `def ${fn}(${params}):`, doc, '    # True for each row that breaks the rule', ...code.body.map((l) => `    ${l}`)].join('\n'));
        const args = code.other ? `${checked.value.frame}, now, ${code.other}` : `${checked.value.frame}, now`;
        calls.push(`    failing = int(${fn}(${args}).sum())`, `    outcome.append(${result('failing', `len(${checked.value.frame})`)})`);
        if (quarantined.has(rule.id)) {
          const list = quarantine.get(rule.pipeline) ?? [];
          list.push({ id: rule.id, fn: code.other ? `lambda df: ${fn}(df, now, ${code.other})` : `lambda df: ${fn}(df, now)` });
          quarantine.set(rule.pipeline, list);
        }
        continue;
      }
      switch (rule.kind) {
        case 'row_count': {
          const bounds = [rule.min === undefined ? null : `${String(rule.min)} <= rows`, rule.max === undefined ? null : `rows <= ${String(rule.max)}`].filter((b): b is string => b !== null);
          functions.push([pyComment(checkName(rule)), `def ${fn}(df):`, doc, '    rows = len(df)', `    return (0 if ${bounds.join(' and ')} else 1), 1, rows`].join('\n'));
          calls.push(`    failing, total, rows = ${fn}(${checked.value.frame})`, `    outcome.append(${result('failing', 'total', 'rows')})`);
          break;
        }
        case 'schema': {
          const expected = rule.columns.map((c) => `(${pyStr(c.name)}, ${c.type === undefined ? 'None' : pyStr(c.type)})`).join(', ');
          const types = `{${checked.value.columns.map((c) => `${pyStr(c.name)}: ${pyStr(c.type)}`).join(', ')}}`;
          functions.push(
            [pyComment(checkName(rule)), `def ${fn}(df):`, doc, `    types = ${types}  # the DuckDB types the script gives these columns`, `    differences, total = schema_differences([${expected}], list(df.columns), types, ${rule.exact === true ? 'True' : 'False'})`, '    for difference in differences:', `        logging.info("%s: %s", ${pyStr(rule.id)}, difference)`, '    return len(differences), total'].join('\n'),
          );
          calls.push(`    failing, total = ${fn}(${checked.value.frame})`, `    outcome.append(${result('failing', 'total')})`);
          break;
        }
        case 'sql':
          throw new Refusal('a custom SQL assertion needs DuckDB to run its query; the pandas script cannot give the same rows');
      }
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, error: `${checkName(rule)} cannot become pandas: ${e.message}.` };
      throw e;
    }
  }
  if (rules.length === 0) return { ok: true, value: { code: '', quarantine } };
  const runner = ['def run_checks(sources, results, now):', '    """Every enabled check, in document order: its status, failing and total rows; each logged as the CLI logs it."""', '    outcome = []', ...calls, '    for result in outcome:', '        log_check(result)', '    return outcome'].join('\n');
  return { ok: true, value: { code: [...functions, runner].join('\n\n\n'), quarantine } };
}

/** What the checks add to the script's `main` and arguments. */
export interface ChecksMain {
  args: string[];
  /** After the arguments are read: refusals the CLI makes before reading anything. */
  start: string[];
  /** After the pipelines: evaluate, write the quarantine outputs, stop with exit code 1 when the checks fail. */
  evaluate: string[];
  /** The rows an output writes (the passing rows of a quarantined pipeline). */
  rows(pipelineName: string): string;
}

/**
 * The run as `sluice run` does it (cli/run.ts): every check evaluated and logged; each quarantined
 * pipeline's failing rows written to `<output stem>.quarantine.<ext>` (or `--quarantine PATH` for an output
 * on standard output) even when the checks fail; then, when a check failed (at `--fail-on`), no main output
 * is written and the script exits with code 1.
 */
export function checksMain(
  doc: PipelineDocument,
  checks: PythonChecks,
  outputs: readonly { pipeline: string; path: string; format: string }[],
  pipelines: readonly { id: string; name: string; types: string; columns: readonly Column[] }[],
  outputArg: (pipelineName: string) => string,
): ChecksMain {
  if (checks.code === '') return { args: [], start: [], evaluate: [], rows: (name) => `results[${pyStr(name)}]` };
  const quarantined = outputs.filter((o) => checks.quarantine.has(o.pipeline));
  const args = [
    `    parser.add_argument("--fail-on", choices=["error", "warn"], default="error", help="the level at which failing checks stop the run (exit code 1; default: %(default)s)")`,
    `    parser.add_argument("--check-results", metavar="FILE", help="write each check's id, status, failing and total rows as JSON to FILE")`,
    ...(quarantined.length > 0 ? [`    parser.add_argument("--quarantine", metavar="PATH", help="where the failing rows go when a quarantined output goes to standard output ('-')")`] : []),
  ];
  const start: string[] = [];
  for (const o of quarantined) {
    const p = pipelines.find((x) => x.id === o.pipeline)!;
    start.push(`    if ${outputArg(p.name)} == "-" and arguments.quarantine is None:`, `        logging.error("pipeline %s goes to standard output and has quarantine rules: give --quarantine PATH for its failing rows", ${pyStr(p.name)})`, '        sys.exit(2)');
  }
  const evaluate = [
    '    now = pd.Timestamp.now(tz="UTC").tz_localize(None)  # "now" for not_in_future: when the checks run, in UTC',
    '    outcome = run_checks(sources, results, now)',
    '    if arguments.check_results:',
    '        with open(arguments.check_results, "w", encoding="utf-8") as file:',
    '            json.dump(outcome, file, indent=2)',
    '    failed = [r for r in outcome if r["status"] == "failed" or (arguments.fail_on == "warn" and r["status"] == "warning")]',
    '    passing = {}',
  ];
  for (const o of quarantined) {
    const p = pipelines.find((x) => x.id === o.pipeline)!;
    const masks = checks.quarantine.get(o.pipeline)!;
    const target = outputArg(p.name);
    const column = failedChecksColumn(p.columns.map((c) => c.name));
    evaluate.push(
      `    ${pyComment(`quarantine of pipeline "${p.name}": rows breaking ${masks.map((m) => m.id).join(', ')} go to the quarantine output, with ${column}`)}`,
      `    target = arguments.quarantine if ${target} == "-" else quarantine_path(${target})`,
      `    passing[${pyStr(p.name)}], rejected = split_quarantine(results[${pyStr(p.name)}], [${masks.map((m) => `(${pyStr(m.id)}, (${m.fn})(results[${pyStr(p.name)}]))`).join(', ')}], ${pyStr(column)})`,
      `    write_rows(rejected, target, quarantine_format(target, ${pyStr(o.format)}) if ${target} == "-" else ${pyStr(o.format)}, {**${p.types}, ${pyStr(column)}: "VARCHAR"})`,
      '    logging.info("wrote the failing rows to %s (%d rows)", target, len(rejected))',
    );
  }
  evaluate.push(
    '    if failed:',
    '        for r in failed:',
    '            logging.error("check %s (%s) %s: %d of %d rows", r["id"], r["label"], "failed" if r["status"] == "failed" else "warns", r["failing"], r["total"])',
    `        logging.error("checks failed: no output written (existing outputs are unchanged)${quarantined.length > 0 ? '; quarantine outputs written' : ''}.")`,
    '        sys.exit(1)',
  );
  return { args, start, evaluate, rows: (name) => `passing.get(${pyStr(name)}, results[${pyStr(name)}])` };
}
