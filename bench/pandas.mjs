// Issue 11's benchmark: one pipeline (filter, group-by, sort, write CSV) over the benchmark CSV, run by
// the `sluice` CLI and by the pandas script `sluice export --to python` generates from the same config
// (Debian's pandas, /usr/bin/python3): wall time and peak memory (the process's VmHWM) of each.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './native.mjs';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';

/** Run a process to its end; wall seconds and peak resident memory (MB), sampled from /proc every 20 ms. */
function measured(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peakKb = 0;
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // the process has ended
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else resolve({ seconds, peakMB: peakKb / 1024 });
    });
  });
}

/**
 * The CLI and the generated pandas script over the same config (written by cli.mjs), `runs` times each.
 * Null with a reason when Debian's pandas is missing.
 * @param {{ configPath: string, runs: number, log: (line: string) => void }} options
 */
export async function benchPandas({ configPath, runs, log }) {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' }).status !== 0) {
    return { reason: `no pandas at ${PYTHON} (apt-get install -y python3-pandas)` };
  }
  const dir = join(configPath, '..');
  const script = join(dir, 'bench.py');
  const exported = spawnSync(process.execPath, [join(ROOT, 'bin', 'sluice.mjs'), 'export', configPath, '--to', 'python', '--out', script], { encoding: 'utf8' });
  if (exported.status !== 0) throw new Error(`sluice export --to python failed (exit ${exported.status}): ${exported.stderr}`);
  const cli = [];
  const pandas = [];
  for (let i = 0; i < runs; i++) {
    cli.push(await measured(process.execPath, [join(ROOT, 'bin', 'sluice.mjs'), 'run', configPath, '--quiet'], ROOT));
    // The script's paths default to the config's, relative to its folder: run from there.
    pandas.push(await measured(PYTHON, [script, '--output-by-category', join(dir, 'out', 'pandas.csv')], dir));
  }
  const summary = (list) => ({ runs: list, seconds: median(list.map((r) => r.seconds)), peakMB: median(list.map((r) => r.peakMB)) });
  const result = { cli: summary(cli), pandas: summary(pandas) };
  log(`pandas: ${pandas.map((r) => `${r.seconds.toFixed(1)} s / ${r.peakMB.toFixed(0)} MB`).join(', ')}; cli: ${cli.map((r) => `${r.seconds.toFixed(1)} s / ${r.peakMB.toFixed(0)} MB`).join(', ')}`);
  return result;
}
