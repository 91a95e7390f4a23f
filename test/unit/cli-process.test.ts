import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, configText, LAUNCHER, REPO, sluiceProcess, tempFolder } from '../support/cli.ts';

/**
 * The real `sluice` process (bin/sluice.mjs → dist-cli/sluice.mjs): help, exit codes, and atomic
 * writes when the process is killed mid-write.
 */

let folder: { dir: string; remove: () => void };
const ROWS = 2500;

beforeAll(() => {
  buildCli();
  const csv = ['id,name', ...Array.from({ length: ROWS }, (_, i) => `${i},name number ${i}`)].join('\n');
  folder = tempFolder({ 'people.csv': `${csv}\n` });
  // Every row joined with every row: millions of output rows from a small input, so the write takes a while.
  writeFileSync(
    join(folder.dir, 'big.sluice.json'),
    configText({
      sources: [{ id: 'people', name: 'people', file: { path: 'people.csv', name: 'people.csv' }, format: 'csv' }],
      pipelines: [
        { id: 'keyed', name: 'keyed', input: { kind: 'source', id: 'people' }, steps: [{ id: 'k', kind: 'derive', enabled: true, name: 'k', expression: '1' }] },
        { id: 'all', name: 'all pairs', input: { kind: 'pipeline', id: 'keyed' }, steps: [{ id: 'j', kind: 'join', enabled: true, with: { kind: 'pipeline', id: 'keyed' }, how: 'inner', on: [{ left: 'k', right: 'k' }] }] },
      ],
      outputs: [{ pipeline: 'all', path: 'out.csv', format: 'csv' }],
    }),
  );
  writeFileSync(join(folder.dir, 'small.sluice.json'), configText({ sources: [{ id: 'people', name: 'people', file: { path: 'people.csv', name: 'people.csv' }, format: 'csv' }], pipelines: [{ id: 'p', name: 'p', input: { kind: 'source', id: 'people' }, steps: [{ id: 'l', kind: 'limit', enabled: true, count: 2 }] }] }));
}, 60_000);
afterAll(() => folder.remove());

describe('the sluice process', () => {
  it.each([[[] as string[]], [['run']], [['validate']], [['explain']]])('--help %j shows usage with examples and exits 0', async (command) => {
    const run = await sluiceProcess([...command, '--help'], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: sluice/);
    expect(run.stdout).toContain('Examples:');
  });

  it('exit 0 with the rows on stdout; exit 2 with the message on stderr', async () => {
    const ok = await sluiceProcess(['run', 'small.sluice.json', '--quiet'], folder.dir);
    expect(ok).toEqual({ code: 0, stdout: 'id,name\n0,name number 0\n1,name number 1\n', stderr: '' });
    const bad = await sluiceProcess(['run', 'absent.sluice.json'], folder.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sluice error: absent.sluice.json: cannot read the config (no such file).\n');
    const usage = await sluiceProcess(['frobnicate'], folder.dir);
    expect(usage.code).toBe(2);
  });
});

describe('examples from the repo root, as documented', () => {
  it('npx sluice run examples/airports-by-state.sluice.json', () => {
    const run = spawnSync('npx', ['--no-install', 'sluice', 'run', 'examples/airports-by-state.sluice.json'], { cwd: REPO, encoding: 'utf8' });
    expect(run.stderr).toMatch(/sluice info: wrote standard output \(8 rows/);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('state,airports,mean elevation,first decade,codes');
  }, 60_000);
});

describe('atomic writes', () => {
  const tempFiles = () => readdirSync(folder.dir).filter((f) => f.includes('sluice-tmp'));

  /** Start a big run, wait until DuckDB is writing the temporary file, then send `signal`. */
  async function killMidWrite(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; sawTemp: boolean }> {
    writeFileSync(join(folder.dir, 'out.csv'), 'the previous output\n');
    const child = spawn(process.execPath, [LAUNCHER, 'run', 'big.sluice.json'], { cwd: folder.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let sawTemp = false;
    const deadline = Date.now() + 30_000;
    while (!sawTemp && Date.now() < deadline && child.exitCode === null) {
      const temp = tempFiles()[0];
      if (temp !== undefined && statSync(join(folder.dir, temp), { throwIfNoEntry: false })?.size) sawTemp = true;
      else await new Promise((r) => setTimeout(r, 10));
    }
    child.kill(signal);
    return { code: await exited, stderr, sawTemp };
  }

  it.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s mid-write: the old output survives and no temporary file is left', async (signal, expected) => {
    const killed = await killMidWrite(signal);
    expect(killed.sawTemp).toBe(true);
    expect(killed.stderr).toContain('sluice error: interrupted: nothing was written.');
    expect(killed.code).toBe(expected);
    expect(readFileSync(join(folder.dir, 'out.csv'), 'utf8')).toBe('the previous output\n');
    expect(tempFiles()).toEqual([]);
  }, 60_000);
});
