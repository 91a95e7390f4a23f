import type { AppError } from '../shared/result.ts';

/**
 * How a run ends, as the process exit code: 0 ok; 1 checks failed at `--fail-on`; 2 the config or
 * an input is bad (nothing was written); 3 an internal error. A run stopped by SIGINT or SIGTERM exits
 * 128 + the signal's number, as shells expect.
 */
export const EXIT = { ok: 0, checks: 1, bad: 2, internal: 3 } as const;

/**
 * The kinds of error a run reports. All but `internal` and `interrupted` are the user's to fix
 * (exit 2); `internal` is ours (exit 3).
 */
export type CliErrorKind = 'config' | 'input' | 'compile' | 'sql' | 'output' | 'interrupted' | 'internal';

export interface CliError extends AppError {
  kind: CliErrorKind;
}

export function cliError(kind: CliErrorKind, message: string, extra: Partial<AppError> = {}): CliError {
  return { ...extra, kind, message };
}

export function exitCodeFor(error: CliError, signal?: NodeJS.Signals): number {
  switch (error.kind) {
    case 'internal':
      return EXIT.internal;
    case 'interrupted':
      return signal === 'SIGTERM' ? 143 : 130;
    default:
      return EXIT.bad;
  }
}
