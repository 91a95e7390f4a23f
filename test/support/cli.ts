import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../cli/program.ts';

/** Running the `sluice` CLI in tests: in-process (fast) or as a real process (exit codes, signals). */

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LAUNCHER = join(REPO, 'bin', 'sluice.mjs');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `sluice <args>` in this process, with `cwd` as its working directory. */
export async function sluice(args: readonly string[], cwd: string, signal?: AbortSignal): Promise<CliOutcome> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  let stderr = '';
  const code = await runCli(args, { cwd, stdout, stderr: (t) => (stderr += t), ...(signal ? { signal, signalName: () => 'SIGINT' as const } : {}) });
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), stderr };
}

/** Build dist-cli/sluice.mjs once per test file that starts real processes. */
export function buildCli(): void {
  const built = spawnSync(process.execPath, [join(REPO, 'scripts', 'build-cli.mjs')], { cwd: REPO, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-cli failed: ${built.stderr}`);
}

/** `node bin/sluice.mjs <args>` as a real process. */
export function sluiceProcess(args: readonly string[], cwd: string): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A temporary folder with these files; removed by the returned function. */
export function tempFolder(files: Record<string, string | Uint8Array> = {}): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A bare pipeline document as JSON text. */
export function configText(doc: object): string {
  return `${JSON.stringify({ format: 'sluice.pipeline', version: 1, checks: [], outputs: [], ...doc }, null, 2)}\n`;
}
