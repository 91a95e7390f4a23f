/**
 * Logs on stderr, with levels. Text for people (`sluice info: wrote 205 rows to ca.csv (0.04 s)`), or
 * one JSON object per line for schedulers: {time, level, message, step, rows, seconds, status}, with null for
 * what does not apply, so every line has the same keys.
 */

export const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type Level = (typeof LEVELS)[number];
export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

export interface LogFields {
  /** The step (or pipeline / output) the message is about. */
  step?: string;
  rows?: number | bigint;
  seconds?: number;
  /** A check's status (`passed`, `failed`, `warning`, `error`): JSON lines only (the text line says it in words). */
  status?: string;
}

export interface LoggerOptions {
  level: Level;
  format: LogFormat;
  write: (line: string) => void;
  now?: () => Date;
}

export class Logger {
  private readonly rank: number;

  constructor(private readonly options: LoggerOptions) {
    this.rank = LEVELS.indexOf(options.level);
  }

  get format(): LogFormat {
    return this.options.format;
  }

  enabled(level: Level): boolean {
    return LEVELS.indexOf(level) <= this.rank;
  }

  error(message: string, fields: LogFields = {}): void {
    this.log('error', message, fields);
  }

  warn(message: string, fields: LogFields = {}): void {
    this.log('warn', message, fields);
  }

  info(message: string, fields: LogFields = {}): void {
    this.log('info', message, fields);
  }

  debug(message: string, fields: LogFields = {}): void {
    this.log('debug', message, fields);
  }

  log(level: Level, message: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    this.options.write(`${this.options.format === 'json' ? jsonLine(level, message, fields, (this.options.now ?? (() => new Date()))()) : textLine(level, message, fields)}\n`);
  }
}

function jsonLine(level: Level, message: string, fields: LogFields, time: Date): string {
  return JSON.stringify({
    time: time.toISOString(),
    level,
    message,
    step: fields.step ?? null,
    rows: fields.rows === undefined ? null : Number(fields.rows),
    seconds: fields.seconds === undefined ? null : round(fields.seconds),
    status: fields.status ?? null,
  });
}

function textLine(level: Level, message: string, fields: LogFields): string {
  const details: string[] = [];
  if (fields.rows !== undefined) details.push(`${Number(fields.rows).toLocaleString('en-US')} row${Number(fields.rows) === 1 ? '' : 's'}`);
  if (fields.seconds !== undefined) details.push(`${round(fields.seconds)} s`);
  return `sluice ${level}: ${message}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** A logger that drops everything: for callers that only want the result. */
export const silentLogger = () => new Logger({ level: 'error', format: 'text', write: () => undefined });
