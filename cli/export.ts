import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { dialectFromSniffRow, readCsvArgs, SNIFF_SELECT } from '../shared/csv-options.ts';
import type { Source } from '../shared/pipeline/document.ts';
import { errorMessage, type Result } from '../shared/result.ts';
import { pythonScript, type ScriptSchema } from '../shared/scripts/python-script.ts';
import { quarantineRules } from '../shared/checks/quarantine.ts';
import { failedChecksColumn } from '../shared/scripts/script-checks.ts';
import { sqlScriptWithChecks } from '../shared/scripts/sql-checks.ts';
import { csvOptionsOf } from '../shared/scripts/sql-script.ts';
import { str } from '../shared/sql/quote.ts';
import { loadConfig, planRun } from './config.ts';
import { cliError, type CliError } from './errors.ts';
import { silentLogger } from './log.ts';
import { jsonTextColumns } from './json-source.ts';
import { inspectConfig } from './run.ts';

/**
 * `sluice export CONFIG --to sql|python --out FILE`: the config as a DuckDB SQL script or a pandas script
 * (`shared/scripts/`). The SQL script needs nothing but the config; the pandas script reads every column
 * with the type DuckDB gives it, so its sources are opened (as `validate` does) and described first.
 * Nothing is written when the export refuses (a step pandas cannot express, a source it cannot read).
 */

export const SCRIPT_TARGETS = ['sql', 'python'] as const;
export type ScriptTarget = (typeof SCRIPT_TARGETS)[number];

export interface ExportOptions {
  config: string;
  to: ScriptTarget;
  out: string;
  cwd: string;
  stdout: Writable;
}

const EXPORT_EXAMPLES = `
Examples:
  $ sluice export examples/airports-by-state.sluice.json --to sql --out airports.sql
  $ cd examples && duckdb < ../airports.sql                       # run it from the config's folder
  $ sluice export project.sluice.json --to python --out pipeline.py
  $ python3 pipeline.py --help                                    # argparse: every input and output path

Both scripts give the rows the app previews (a test suite runs them against the app's engine). A step
pandas cannot express with DuckDB's meaning (custom SQL, the hash-based sample, …) refuses the export
with a message naming the step; nothing is written.

Exit codes: 0 written; 2 bad config or a refused export; 3 internal error.`;

export async function exportScript(options: ExportOptions): Promise<Result<string, CliError>> {
  const loaded = await loadConfig(options.config, options.cwd);
  if (!loaded.ok) return loaded;
  const configName = basename(loaded.value.path);
  let script: Result<string, string>;
  if (options.to === 'sql') {
    const doc = loaded.value.doc;
    const quarantined = doc.pipelines.filter((p) => quarantineRules(doc, p.id).length > 0);
    const columns = new Map<string, string>();
    if (quarantined.length > 0) {
      // The failed-checks column is named as the CLI names it, from the pipeline's columns: its sources are opened as `validate` does.
      const inspected = await inspectConfig({ config: options.config, cwd: options.cwd, log: silentLogger(), stdout: options.stdout }, async (query, sqlOf) => {
        for (const pipeline of quarantined) {
          const described = await query(`SELECT column_name FROM (DESCRIBE ${sqlOf(pipeline.name)})`);
          if (!described.ok) return described;
          columns.set(pipeline.id, failedChecksColumn(described.value.map((r) => String(r[0]))));
        }
        return { ok: true as const, value: undefined };
      });
      if (!inspected.ok) return inspected;
      if (!inspected.value.ok) return { ok: false, error: cliError('sql', `${options.config}: ${inspected.value.error.message}`) };
    }
    script = sqlScriptWithChecks({ doc, configName, quarantineColumn: (id) => columns.get(id) ?? 'failed_checks' });
  } else {
    const plan = planRun(loaded.value, { inputs: [], outputs: [], cwd: options.cwd });
    if (!plan.ok) return plan;
    const paths = new Map(plan.value.inputs.map((i) => [i.source.id, i.path]));
    const inspected = await inspectConfig<Result<string, string>>({ config: options.config, cwd: options.cwd, log: silentLogger(), stdout: options.stdout }, async (query) => {
      const rows = async (sql: string): Promise<Result<unknown[][], string>> => {
        const result = await query(sql);
        return result.ok ? result : { ok: false, error: result.error.message };
      };
      const schema: ScriptSchema = {
        describe: async (sql) => {
          const result = await rows(`SELECT column_name, column_type FROM (DESCRIBE ${sql})`);
          return result.ok ? { ok: true, value: result.value.map((r) => ({ name: String(r[0]), type: String(r[1]) })) } : result;
        },
        csvDialect: async (source: Source) => {
          const result = await rows(`SELECT ${SNIFF_SELECT} FROM sniff_csv(${str(paths.get(source.id)!)}${readCsvArgs(csvOptionsOf(source))})`);
          if (!result.ok) return result;
          return result.value[0] ? { ok: true, value: dialectFromSniffRow(result.value[0]) } : { ok: false, error: 'DuckDB found no CSV dialect' };
        },
        jsonTextColumns: async (source: Source) => {
          if (source.format !== 'json' && source.format !== 'ndjson') return { ok: true, value: [] };
          const columns = await jsonTextColumns(paths.get(source.id)!, source.format);
          return columns.ok ? columns : { ok: false, error: columns.error.message };
        },
      };
      return pythonScript({ doc: loaded.value.doc, configName, schema });
    });
    if (!inspected.ok) return inspected;
    script = inspected.value;
  }
  if (!script.ok) return { ok: false, error: cliError('compile', `${options.config}: cannot export as ${options.to === 'sql' ? 'a SQL' : 'a Python'} script: ${script.error}`) };
  if (options.out === '-') {
    options.stdout.write(script.value);
    return { ok: true, value: 'standard output' };
  }
  const target = resolve(options.cwd, options.out);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.sluice-tmp`);
  try {
    await writeFile(temp, script.value, { mode: options.to === 'python' ? 0o755 : 0o644 });
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    return { ok: false, error: cliError('output', `${options.out}: cannot write the script (${errorMessage(e)}).`, { file: target }) };
  }
  return { ok: true, value: options.out };
}

/** `sluice export`, registered on the program by `program.ts`. */
export function registerExport(program: Command, run: (options: Omit<ExportOptions, 'cwd' | 'stdout'>) => Promise<void>): void {
  program
    .command('export')
    .description('write the config as a DuckDB SQL script or a pandas (Python) script that gives the same rows')
    .argument('<config>', 'a pipeline config or a saved project (*.sluice.json)')
    .addOption(new Option('-t, --to <target>', "the script's language").choices(SCRIPT_TARGETS).makeOptionMandatory())
    .requiredOption('-o, --out <file>', "the script's file ('-': standard output)")
    .addHelpText('after', EXPORT_EXAMPLES)
    .action(async (config: string, flags: { to: ScriptTarget; out: string }) => {
      await run({ config, to: flags.to, out: flags.out });
    });
}
