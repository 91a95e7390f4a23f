import { randomBytes, randomUUID } from 'node:crypto';
import { rm, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CheckEvaluation } from '../shared/checks/evaluate.ts';
import { buildReport, reportJson, summaryLines, type CheckReport } from '../shared/checks/report.ts';
import type { FailOn } from '../shared/checks/verdict.ts';
import { errorMessage, type Result } from '../shared/result.ts';
import { cliError, type CliError } from './errors.ts';
import type { Logger } from './log.ts';
import { targetProblem } from './outputs.ts';

/**
 * The check report (`shared/checks/report.ts`, format `sluice.check-report`) of a CLI run: built from
 * the evaluation, its totals logged, and with `--report FILE` written by Node (not DuckDB, which never
 * reaches it) atomically, a temporary file beside it renamed over it. The folder is checked before the
 * run starts, so a report that cannot be written stops the run before anything else.
 */

export interface ReportTarget {
  /** Absolute path. */
  path: string;
  /** As given on the command line, for messages. */
  given: string;
}

/** `--report FILE` resolved against the current directory, its folder checked. */
export async function planReport(file: string | undefined, cwd: string): Promise<Result<ReportTarget | null, CliError>> {
  if (file === undefined) return { ok: true, value: null };
  if (file === '-' || file === '') return { ok: false, error: cliError('config', `--report ${file}: give a file path (the report is JSON; standard output carries the rows).`) };
  const path = resolve(cwd, file);
  const problem = await targetProblem(path);
  if (problem) return { ok: false, error: cliError('output', `--report ${file}: ${problem}`, { file: path }) };
  return { ok: true, value: { path, given: file } };
}

export interface ReportMeta {
  /** The config as given on the command line. */
  config: string;
  startedAt: Date;
  failOn: FailOn;
}

export function makeReport(meta: ReportMeta, evaluation: CheckEvaluation): CheckReport {
  return buildReport({ runId: randomUUID(), config: meta.config, startedAt: meta.startedAt, finishedAt: new Date(), failOn: meta.failOn, evaluation });
}

/** The summary's last line (`12 checks: 1 failed, 11 passed.`); each rule's line was logged as it ran. */
export function logTotals(log: Logger, report: CheckReport): void {
  const totals = summaryLines(report).at(-1)!;
  log.log(report.verdict === 'failed' ? 'error' : 'info', `${totals}${report.verdict === 'failed' ? ` Fails at --fail-on ${report.failOn}.` : ''}`);
}

/** Write the report: a temporary file beside the target, renamed over it. */
export async function writeReport(target: ReportTarget, report: CheckReport, log: Logger): Promise<Result<void, CliError>> {
  const temp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}-${randomBytes(6).toString('hex')}.sluice-tmp`);
  try {
    await writeFile(temp, reportJson(report), { flag: 'wx' });
    await rename(temp, target.path);
  } catch (e) {
    await rm(temp, { force: true });
    return { ok: false, error: cliError('output', `--report ${target.given}: cannot write the report: ${errorMessage(e)}`, { file: target.path }) };
  }
  log.info(`wrote the check report ${target.given}`);
  return { ok: true, value: undefined };
}
