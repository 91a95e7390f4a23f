import { runCli } from './program.ts';
import { releaseAll } from './run.ts';

/**
 * The `sluice` process (bundled to dist-cli/sluice.mjs, started by bin/sluice.mjs). SIGINT and SIGTERM
 * interrupt DuckDB and let the run remove its temporary files; if the run has not ended within a few
 * seconds, or on a second signal, the files are removed here and the process exits at once.
 */

const FORCE_EXIT_AFTER_MS = 5000;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

const controller = new AbortController();
let received: NodeJS.Signals | undefined;

function onSignal(signal: NodeJS.Signals): void {
  const code = 128 + (SIGNAL_NUMBERS[signal] ?? 0);
  if (received !== undefined) {
    releaseAll();
    process.exit(code);
  }
  received = signal;
  controller.abort();
  setTimeout(() => {
    releaseAll();
    process.exit(code);
  }, FORCE_EXIT_AFTER_MS).unref();
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A closed pipe on stdout (`sluice run x | head`) is the reader's choice, not an error of the run.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
  signal: controller.signal,
  signalName: () => received,
});
process.exitCode = code;
