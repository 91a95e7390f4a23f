import { CheckCompilation, type CompiledCheck } from '../checks/compile-checks.ts';
import { describeRule } from '../checks/describe-rule.ts';
import { quarantineRules, quarantineSql } from '../checks/quarantine.ts';
import { nowSql } from '../checks/rule-sql.ts';
import { actionOf, isRowRule, type CheckRule } from '../checks/rules.ts';
import { normalizeType } from '../checks/schema-compare.ts';
import type { Output, PipelineDocument } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { ident, str } from '../sql/quote.ts';
import { checkName, enabledChecks, plannedOutputs, quarantinePathOf, stdoutQuarantine } from './script-checks.ts';
import { sqlScript, type ScriptSection, type SqlScriptRequest } from './sql-script.ts';

/**
 * The checks in the SQL script, with the CLI's meaning (`cli/run.ts`): every enabled rule is evaluated by
 * the SQL the CLI runs (`shared/checks`' compiler, unchanged) into a results table, shown as one result
 * (`PASS`, `FAIL`, `WARN` per rule); the quarantine outputs are written (`<output stem>.quarantine.<ext>`,
 * failing rows with `failed_checks`); then a gate: when a rule failed beyond its threshold at severity
 * error, `error('check "…" failed: N of M rows …')` stops the script, and the main outputs (the passing
 * rows where quarantine rules split them) are not written. The gate is the table `sluice_checks_passed`,
 * created only when the checks pass, which every main output reads: even a DuckDB shell that goes on
 * after an error (`duckdb < script.sql` without `-bail`) writes no main output and exits non-zero.
 *
 * "Now" (`not_in_future`) is the moment the script runs (UTC), in the variable `sluice_now`.
 */

const RESULTS = 'sluice_check_results';
const GATE = 'sluice_checks_passed';
const NOW_VARIABLE = 'sluice_now';
/** Two moments no document holds: the checks compile with each, and where they differ is "now". */
const NOW_MARKS = ['1970-01-01T00:00:00.000001Z', '1970-01-01T00:00:00.000002Z'] as const;

export interface SqlChecksOptions {
  /** The failed-checks column of a quarantined pipeline (the CLI's: `failed_checks`, `failed_checks_2` when taken). */
  quarantineColumn?: (pipelineId: string) => string;
}

/** What the checks add to the SQL script: the sections before the outputs, and each main output's query. */
export interface SqlChecks {
  sections: ScriptSection[];
  /** The query an output writes (passing rows, behind the gate), or null for the pipeline's view as is. */
  outputQuery: (output: Output, view: string) => string | null;
}

class Refusal extends Error {}

const comment = (text: string) => `-- ${text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`;
const indent = (sql: string) => sql.replace(/\n/g, '\n  ');

/** Compile with both marks; "now" is where they differ (refused if the document happens to hold a mark). */
function withNow(rule: CheckRule, compile: (now: string) => string): string {
  const [a, b] = NOW_MARKS.map((now) => ({ sql: compile(now), mark: nowSql(now) }));
  const now = `getvariable(${str(NOW_VARIABLE)})`;
  const fromA = a!.sql.split(a!.mark).join(now);
  if (fromA !== b!.sql.split(b!.mark).join(now)) throw new Refusal(`${checkName(rule)}: its SQL already holds ${a!.mark}, which the script uses for "now"`);
  return fromA;
}

/** True when failing of total is within the rule's threshold (verdict.ts's `withinThreshold`), over `c.failing` and `c.total`. */
function withinSql(rule: CheckRule): string {
  const threshold = 'threshold' in rule ? rule.threshold : undefined;
  if (threshold === undefined) return 'c.failing = 0';
  if ('maxCount' in threshold) return `c.failing <= ${String(threshold.maxCount)}`;
  return `(CASE WHEN c.total > 0 THEN c.failing / c.total ELSE 0 END) <= CAST(${str(String(threshold.maxFraction))} AS DOUBLE)`;
}

/** `failed` or `warning` beyond the threshold (verdict.ts's `statusOf`). */
const beyond = (rule: CheckRule) => (rule.severity === 'warn' || actionOf(rule) === 'warn' ? 'warning' : 'failed');

function thresholdText(rule: CheckRule): string {
  const threshold = 'threshold' in rule ? rule.threshold : undefined;
  if (threshold === undefined) return 'none allowed';
  return 'maxCount' in threshold ? `at most ${String(threshold.maxCount)} allowed` : `at most ${String(threshold.maxFraction)} of them allowed`;
}

/** The INSERT of one rule's result row: `ord, id, label, status, failing, total, observed, message`. */
function resultInsert(rule: CheckRule, ord: number, compiled: Pick<CompiledCheck, 'countSql' | 'describeSql'>): string {
  const head = `${ord}, ${str(rule.id)}, ${str(describeRule(rule))}`;
  const status = `CASE WHEN ${withinSql(rule)} THEN 'passed' ELSE ${str(beyond(rule))} END`;
  const prefix = str(`check "${describeRule(rule)}" ${beyond(rule) === 'failed' ? 'failed' : 'warns'}: `);
  if (rule.kind === 'schema') {
    const expected = rule.columns.map((c) => `(${str(c.name)}, ${c.type === undefined ? 'NULL' : str(normalizeType(c.type))})`).join(', ');
    // normalizeType for DuckDB's own spelling of a type: case, spaces, VARCHAR(n) (DESCRIBE never gives aliases).
    const actualType = `regexp_replace(regexp_replace(regexp_replace(upper(trim(column_type)), '\\s+', ' ', 'g'), '\\s*([(),])\\s*', '\\1', 'g'), '^VARCHAR\\(.*\\)$', 'VARCHAR')`;
    const missing = `(SELECT count(*) FROM expected AS e WHERE NOT EXISTS (SELECT 1 FROM actual AS a WHERE a.name = e.name AND (e.type IS NULL OR a.type = e.type)))`;
    const unexpected = `(SELECT count(*) FROM actual AS a WHERE a.name NOT IN (SELECT name FROM expected))`;
    const counts = rule.exact === true ? `${missing} + ${unexpected} AS failing, ${rule.columns.length} + ${unexpected} AS total` : `${missing} AS failing, ${rule.columns.length} AS total`;
    return [
      `INSERT INTO ${RESULTS}`,
      `SELECT ${head}, ${status}, c.failing, c.total, NULL, ${prefix} || c.failing || ' of ' || c.total || ' columns differ from the expected schema' FROM (`,
      `  WITH actual AS (SELECT column_name AS name, ${actualType} AS type FROM (\n  ${indent(compiled.describeSql!)}\n  )),`,
      `  expected(name, type) AS (VALUES ${expected})`,
      `  SELECT ${counts}`,
      ') AS c;',
    ].join('\n');
  }
  const observed = rule.kind === 'row_count' ? 'c.observed' : 'NULL';
  const message = rule.kind === 'row_count' ? `${prefix} || c.observed || ' rows'` : `${prefix} || c.failing || ' of ' || c.total || ' rows break it (${thresholdText(rule).replaceAll("'", "''")})'`;
  return [`INSERT INTO ${RESULTS}`, `SELECT ${head}, ${status}, c.failing, c.total, ${observed}, ${message} FROM (\n  ${indent(compiled.countSql!)}\n) AS c;`].join('\n');
}

/** The checks' sections and output queries for a document; refused when a check cannot compile. */
export function sqlChecks(doc: PipelineDocument, options: SqlChecksOptions = {}): Result<SqlChecks, string> {
  const rules = enabledChecks(doc);
  if (rules.length === 0) return { ok: true, value: { sections: [], outputQuery: () => null } };
  try {
    const stdout = stdoutQuarantine(doc);
    if (stdout) throw new Refusal(stdout);
    const compilations = NOW_MARKS.map((now) => new CheckCompilation(doc, { sourceSql: (s) => ident(s.name), now }));
    const compiledWith = (rule: CheckRule, now: string) => {
      const compiled = compilations[NOW_MARKS.indexOf(now as (typeof NOW_MARKS)[number])]!.check(rule, 0);
      if (!compiled.ok) throw new Refusal(compiled.error.message);
      return compiled.value;
    };
    const inserts = rules.map((rule, i) => {
      const pick = (now: string) => {
        const c = compiledWith(rule, now);
        return [c.countSql ?? '', c.describeSql ?? ''].join('\u0000');
      };
      const [countSql, describeSql] = withNow(rule, pick).split('\u0000');
      return `${comment(`${checkName(rule)}, ${rule.severity}${isRowRule(rule) ? `, action ${actionOf(rule)!}` : ''}`)}\n${resultInsert(rule, i + 1, { countSql: countSql || null, describeSql: describeSql || null })}`;
    });
    const checks: string[] = [
      `SET VARIABLE ${NOW_VARIABLE} = make_timestamp(epoch_us(now()));  ${comment('"now" for not_in_future: when the script runs, in UTC')}`,
      `DROP TABLE IF EXISTS ${GATE};\nCREATE OR REPLACE TEMP TABLE ${RESULTS} (ord INTEGER, id VARCHAR, "check" VARCHAR, status VARCHAR, failing BIGINT, total BIGINT, observed BIGINT, message VARCHAR);`,
      ...inserts,
      `${comment('one line per rule, as the CLI logs them')}\nSELECT CASE status WHEN 'passed' THEN 'PASS' WHEN 'failed' THEN 'FAIL' ELSE 'WARN' END AS status, "check", failing, total, CASE WHEN status = 'passed' THEN NULL ELSE message END AS message FROM ${RESULTS} ORDER BY ord;`,
    ];

    // Quarantine: the failing rows are written even when the checks fail (as the CLI); the passing rows are the main output.
    const quarantine: string[] = [];
    const passing = new Map<string, string>();
    for (const output of plannedOutputs(doc)) {
      if (quarantineRules(doc, output.pipeline).length === 0) continue;
      const column = options.quarantineColumn?.(output.pipeline) ?? 'failed_checks';
      const split = (now: string) => {
        const s = quarantineSql(doc, output.pipeline, { sourceSql: (src) => ident(src.name), now }, { column });
        if (!s.ok) throw new Refusal(s.error.message);
        return `${s.value!.passingSql}\u0000${s.value!.failingSql}`;
      };
      const [passingSql, failingSql] = withNow(quarantineRules(doc, output.pipeline)[0]!, split).split('\u0000') as [string, string];
      const name = doc.pipelines.find((p) => p.id === output.pipeline)?.name ?? output.pipeline;
      quarantine.push(`${comment(`quarantine of pipeline "${name}": its failing rows, with ${column}`)}\nCOPY (\n${failingSql}\n) TO ${str(quarantinePathOf(output.path))} (${copyOptions(output)});`);
      passing.set(output.pipeline, passingSql);
    }

    const failedMessages = `(SELECT string_agg(message, '; ' ORDER BY ord) FROM ${RESULTS} WHERE status = 'failed')`;
    const gate = [
      comment(`the gate: stops here when a check failed (error severity, beyond its threshold); the outputs below read ${GATE}, which exists only when the checks passed`),
      `CREATE TEMP TABLE ${GATE} AS`,
      `SELECT CASE`,
      `  WHEN (SELECT count(*) FROM ${RESULTS}) <> ${rules.length} THEN error('some checks could not be evaluated (see the errors above): no output written')`,
      `  WHEN EXISTS (SELECT 1 FROM ${RESULTS} WHERE status = 'failed') THEN error(${failedMessages} || ' (no output written${quarantine.length > 0 ? '; quarantine outputs written' : ''})')`,
      `  ELSE true END AS passed;`,
    ].join('\n');

    const outputQuery = (output: Output, view: string): string => {
      const rows = passing.get(output.pipeline);
      return `SELECT * FROM ${rows ? `(\n${rows}\n)` : ident(view)} WHERE (SELECT passed FROM ${GATE})`;
    };
    const sections: ScriptSection[] = [{ title: 'Checks', statements: checks }];
    if (quarantine.length > 0) sections.push({ title: 'Quarantine outputs', statements: quarantine });
    sections.push({ title: 'Checks passed?', statements: [gate] });
    return { ok: true, value: { sections, outputQuery } };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.message };
    throw e;
  }
}

const COPY_OPTIONS: Record<Output['format'], string> = {
  csv: 'FORMAT csv, HEADER true',
  parquet: 'FORMAT parquet',
  json: 'FORMAT json, ARRAY true',
  ndjson: 'FORMAT json',
};
const copyOptions = (output: Output) => COPY_OPTIONS[output.format];

/** The SQL script with the document's checks (`sqlScript` with the checks' sections and gated outputs). */
export function sqlScriptWithChecks(request: Omit<SqlScriptRequest, 'extraSections' | 'outputQuery'> & SqlChecksOptions): Result<string, string> {
  const checks = sqlChecks(request.doc, request);
  if (!checks.ok) return checks;
  return sqlScript({ doc: request.doc, configName: request.configName, extraSections: checks.value.sections, outputQuery: checks.value.outputQuery });
}
