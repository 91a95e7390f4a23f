import { Command, CommanderError, Option } from 'commander';
import type { Writable } from 'node:stream';
import { EXIT, exitCodeFor, type CliError } from './errors.ts';
import { explainConfig } from './explain.ts';
import { exportScript, registerExport } from './export.ts';
import { Logger, LOG_FORMATS, type Level, type LogFormat } from './log.ts';
import { runConfig, validateConfig } from './run.ts';
import { FAIL_ON, type FailOn } from '../shared/checks/verdict.ts';
import type { CheckReport } from '../shared/checks/report.ts';

/**
 * The `sluice` command line: `run`, `validate` and `explain`, parsed by commander. `runCli` returns the
 * exit code instead of exiting, so tests run it in-process; `main.ts` wires it to the real process.
 */

export interface CliIo {
  cwd: string;
  stdout: Writable;
  /** Standard error, line by line. */
  stderr: (text: string) => void;
  /** Standard error is a terminal: show a progress line for long queries. */
  interactive?: boolean;
  /** Aborted on SIGINT / SIGTERM. */
  signal?: AbortSignal;
  /** The signal that aborted the run, for its exit code. */
  signalName?: () => NodeJS.Signals | undefined;
}

const RUN_EXAMPLES = `
Examples:
  $ sluice run examples/airports-by-state.sluice.json                 # declared outputs, or CSV to stdout
  $ sluice run ca.sluice.json > ca.csv                                  # no outputs declared: CSV on stdout
  $ sluice run ca.sluice.json --input airports=data/2024.csv            # read another file for a source
  $ sluice run ca.sluice.json --output main=out/ca.parquet              # format from the extension
  $ sluice run ca.sluice.json --output main=- --log-format json 2>log.ndjson
  $ sluice run checked.sluice.json --report out/report.json --fail-on warn
  $ sluice run checked.sluice.json --output main=- --quarantine bad-rows.csv > good-rows.csv

Paths in the config resolve against the config's folder; paths on the command line against the
current directory. Outputs are written to a temporary file beside the target and renamed when every
output succeeded: a failed or interrupted run leaves no partial file and keeps the old output.

Checks (the document's "checks") run before any output is written; the summary on stderr names each
rule that did not pass (FAIL range(latitude, 20..50): 293 rows (8.7%)). When a check fails at the
--fail-on level (error: rules that failed or could not run; warn: warnings too), no output is written
(existing outputs stay as they were) and the run exits 1; quarantine outputs and the report are still
written. Rules with action "quarantine" split their pipeline's output: the passing rows go to the output,
the failing rows (with a failed_checks column naming the rules each broke) to <output stem>.quarantine.<ext>
beside it (out/ca.csv → out/ca.quarantine.csv), in the same format; an output on standard output needs
--quarantine PATH.

Exit codes: 0 ok; 1 checks failed (outputs not written); 2 bad config or input (nothing written); 3 internal
error; 130/143 interrupted.`;

const VALIDATE_EXAMPLES = `
Examples:
  $ sluice validate examples/airports-by-state.sluice.json
  $ sluice validate project.sluice.json --input airports=/data/airports.csv
  $ sluice validate project.sluice.json --report report.json --fail-on warn

Checks the document against the schema, its references, that every input file exists, and that every
step of every pipeline binds in DuckDB against the real inputs; then evaluates every check of the
document, with a summary on stderr (FAIL range(latitude, 20..50): 293 rows (8.7%)). Writes nothing but
the report (--report FILE: JSON, format sluice.check-report, schema shared/checks/report.schema.json).

Exit codes: 0 valid and checks passed; 1 checks failed at the --fail-on level; 2 invalid (the message
names the file, JSON path and field, or the step); 3 internal error.`;

const EXPLAIN_EXAMPLES = `
Examples:
  $ sluice explain examples/airports-by-state.sluice.json
  $ sluice explain project.sluice.json --pipeline main

Prints how each source is read and the SQL each pipeline compiles to (the same compiler as the app).
Reads no data.`;

interface LogFlags {
  quiet?: boolean;
  verbose?: boolean;
  logFormat: LogFormat;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

interface CheckFlags {
  failOn: FailOn;
  report?: string;
}

function checkOptions(command: Command): Command {
  return command
    .addOption(new Option('--fail-on <level>', 'exit 1 when a check fails at this level: error (failed, or could not run) or warn (warnings too)').choices(FAIL_ON).default('error'))
    .option('--report <file>', 'write the check report (JSON) to FILE, relative to the current directory');
}

/** Exit 1 when the checks failed the run at --fail-on. */
const checksFailed = (report: CheckReport | null) => report?.verdict === 'failed';

function logger(flags: LogFlags, io: CliIo): Logger {
  const level: Level = flags.quiet ? 'error' : flags.verbose ? 'debug' : 'info';
  return new Logger({ level, format: flags.logFormat, write: io.stderr });
}

function logOptions(command: Command): Command {
  return command
    .addOption(new Option('-q, --quiet', 'log errors only').conflicts('verbose'))
    .addOption(new Option('-v, --verbose', 'log each step, including the SQL run'))
    .addOption(new Option('--log-format <format>', 'log lines as text, or one JSON object per line {time, level, message, step, rows, seconds, status}').choices(LOG_FORMATS).default('text'));
}

/** Run the command line; resolves with the process's exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const fail = (error: CliError, log: Logger) => {
    log.error(error.message);
    exitCode = exitCodeFor(error, io.signalName?.());
  };

  const program = new Command('sluice')
    .description('Run Sluice pipeline configs (*.sluice.json) headless, on native DuckDB, with the same compiler as the app.')
    .version(process.env.npm_package_version ?? '0.1.0', '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr(text) })
    .addHelpText('after', `
Examples:
  $ sluice run examples/airports-by-state.sluice.json
  $ sluice validate my-project.sluice.json
  $ sluice explain my-project.sluice.json --pipeline main
  $ sluice run --help`);

  logOptions(checkOptions(
    program
      .command('run')
      .description('run a config: write its declared outputs (CSV, Parquet, JSON, NDJSON), or the last pipeline as CSV to standard output')
      .argument('<config>', 'a pipeline config or a saved project (*.sluice.json)')
      .option('-i, --input <name=path>', "read this file for the source named NAME (repeatable; path relative to the current directory)", collect)
      .option('-o, --output <name=path>', "write pipeline NAME's rows to PATH, format from its extension; '-' is standard output (repeatable)", collect)
      .option('--quarantine <path>', 'where the failing rows of quarantine rules go when their output is standard output (otherwise <output stem>.quarantine.<ext> beside the output)'),
  ))
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (config: string, flags: LogFlags & CheckFlags & { input?: string[]; output?: string[]; quarantine?: string }) => {
      const log = logger(flags, io);
      const progress = io.interactive && flags.logFormat === 'text' && !flags.quiet ? (line: string | null) => io.stderr(line === null ? '\r\x1b[K' : `\r\x1b[K${line}`) : undefined;
      const result = await runConfig({
        config, inputs: flags.input ?? [], outputs: flags.output ?? [], cwd: io.cwd, log, stdout: io.stdout, failOn: flags.failOn,
        ...(flags.report !== undefined ? { report: flags.report } : {}),
        ...(flags.quarantine !== undefined ? { quarantine: flags.quarantine } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        ...(progress ? { progress } : {}),
      });
      if (!result.ok) return fail(result.error, log);
      if (checksFailed(result.value.checks)) exitCode = EXIT.checks;
    });

  logOptions(checkOptions(
    program
      .command('validate')
      .description('check a config without writing outputs: schema, references, input files, every step bound against the real inputs, and every check evaluated')
      .argument('<config>', 'a pipeline config or a saved project (*.sluice.json)')
      .option('-i, --input <name=path>', 'check against this file for the source named NAME (repeatable)', collect),
  ))
    .addHelpText('after', VALIDATE_EXAMPLES)
    .action(async (config: string, flags: LogFlags & CheckFlags & { input?: string[] }) => {
      const log = logger(flags, io);
      const result = await validateConfig({ config, inputs: flags.input ?? [], cwd: io.cwd, log, stdout: io.stdout, failOn: flags.failOn, ...(flags.report !== undefined ? { report: flags.report } : {}), ...(io.signal ? { signal: io.signal } : {}) });
      if (!result.ok) return fail(result.error, log);
      if (checksFailed(result.value.checks)) {
        exitCode = EXIT.checks;
        return;
      }
      log.info(`${config} is valid: ${result.value.sources} source(s), ${result.value.pipelines} pipeline(s), every step binds${result.value.checks ? ', the checks pass' : ''}.`);
    });

  program
    .command('explain')
    .description('print the SQL each pipeline compiles to')
    .argument('<config>', 'a pipeline config or a saved project (*.sluice.json)')
    .option('-p, --pipeline <name>', 'only this pipeline')
    .addHelpText('after', EXPLAIN_EXAMPLES)
    .action(async (config: string, flags: { pipeline?: string }) => {
      const result = await explainConfig({ config, cwd: io.cwd, ...(flags.pipeline !== undefined ? { pipeline: flags.pipeline } : {}) });
      if (!result.ok) return fail(result.error, logger({ logFormat: 'text' }, io));
      io.stdout.write(result.value);
    });

  registerExport(program, async (options) => {
    const result = await exportScript({ ...options, cwd: io.cwd, stdout: io.stdout });
    const log = logger({ logFormat: 'text' }, io);
    if (!result.ok) return fail(result.error, log);
    if (result.value !== 'standard output') log.info(`wrote ${result.value}`);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with code 0; a usage error is a bad input.
      return e.exitCode === 0 ? EXIT.ok : EXIT.bad;
    }
    io.stderr(`sluice error: internal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.internal;
  }
  return exitCode;
}
