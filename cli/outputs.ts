import { randomBytes } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { access, constants, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorMessage, type Result } from '../shared/result.ts';
import { str } from '../shared/sql/quote.ts';
import type { OutputFormat, PlannedOutput } from './config.ts';
import { cliError, type CliError } from './errors.ts';

/**
 * Outputs are written atomically. DuckDB writes each one (`COPY (query) TO …`, one prepared statement)
 * to a temporary file: beside the target for a file, so the final rename stays on one file system, or in
 * the run's private folder for standard output. Only when every output of the run has been written are
 * the files renamed over their targets and the standard-output one streamed out. A failed or interrupted
 * run removes its temporary files, and an existing output is left as it was.
 */

export interface StagedOutput {
  output: PlannedOutput;
  /** Where DuckDB writes it. */
  temp: string;
}

/** The COPY options for each format. USE_TMP_FILE false: the file is already a temporary one of ours. */
const COPY_OPTIONS: Record<OutputFormat, string> = {
  csv: 'FORMAT csv, HEADER true, USE_TMP_FILE false',
  parquet: 'FORMAT parquet, USE_TMP_FILE false',
  json: 'FORMAT json, ARRAY true, USE_TMP_FILE false',
  ndjson: 'FORMAT json, USE_TMP_FILE false',
};

/** `COPY (<query>) TO '<path>' (...)`: the query on its own lines, so nothing in it reaches the options. */
export function copySql(query: string, path: string, format: OutputFormat): string {
  return `COPY (\n${query}\n) TO ${str(path)} (${COPY_OPTIONS[format]})`;
}

export const describeTarget = (output: PlannedOutput) => (output.target.kind === 'stdout' ? 'standard output' : output.target.path);

export class OutputStaging {
  private readonly temps = new Set<string>();

  constructor(private readonly privateDir: string) {}

  /** Check each target's folder and choose the temporary files; nothing is created yet. */
  async stage(outputs: readonly PlannedOutput[]): Promise<Result<StagedOutput[], CliError>> {
    const staged: StagedOutput[] = [];
    for (const output of outputs) {
      const suffix = `${process.pid}-${randomBytes(6).toString('hex')}.sluice-tmp`;
      if (output.target.kind === 'stdout') {
        staged.push({ output, temp: join(this.privateDir, `stdout-${suffix}`) });
        continue;
      }
      const target = output.target.path;
      const folder = dirname(target);
      const problem = await targetProblem(target, folder);
      if (problem) return { ok: false, error: cliError('output', `${output.origin} (pipeline "${output.pipeline.name}"): ${problem}`, { file: target }) };
      staged.push({ output, temp: join(folder, `.${basename(target)}.${suffix}`) });
    }
    for (const s of staged) this.temps.add(s.temp);
    return { ok: true, value: staged };
  }

  /** Every temporary file of the run: DuckDB may write these and nothing else. */
  allowedPaths(): string[] {
    return [...this.temps];
  }

  /** Move every written output into place: files by rename, standard output by streaming the file out. */
  async commit(staged: readonly StagedOutput[], stdout: Writable): Promise<Result<void, CliError>> {
    for (const { output, temp } of staged) {
      if (output.target.kind !== 'file') continue;
      try {
        await rename(temp, output.target.path);
        this.temps.delete(temp);
      } catch (e) {
        return { ok: false, error: cliError('internal', `cannot move the output into place (${output.target.path}): ${errorMessage(e)}`, { file: output.target.path }) };
      }
    }
    for (const { output, temp } of staged) {
      if (output.target.kind !== 'stdout') continue;
      const streamed = await streamOut(temp, stdout);
      if (!streamed.ok) return streamed;
    }
    return { ok: true, value: undefined };
  }

  /** Remove every temporary file still there. Synchronous, so a signal handler can call it. */
  cleanup(): void {
    for (const temp of this.temps) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // Best effort: the folder may be gone.
      }
    }
    this.temps.clear();
  }
}

/** Why a file cannot be written at `target` (its folder missing, not a folder, not writable; the target a folder), or null. */
export async function targetProblem(target: string, folder = dirname(target)): Promise<string | null> {
  try {
    if (!(await stat(folder)).isDirectory()) return `the output folder ${folder} is not a folder.`;
    await access(folder, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `the output folder ${folder} does not exist.` : `the output folder ${folder} is not writable.`;
  }
  try {
    if ((await stat(target)).isDirectory()) return `${target} is a folder.`;
  } catch {
    // A new file.
  }
  return null;
}

async function streamOut(path: string, stdout: Writable): Promise<Result<void, CliError>> {
  try {
    await pipeline(createReadStream(path), stdout, { end: false });
    return { ok: true, value: undefined };
  } catch (e) {
    // A reader that went away (`sluice run x | head`) is not an error of the run.
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return { ok: true, value: undefined };
    return { ok: false, error: cliError('internal', `cannot write to standard output: ${errorMessage(e)}`) };
  }
}
