import { bool, num, str, strList, struct } from './sql/quote.ts';
import { isTypeName } from './sql-types.ts';

/** How to read a CSV file. Every field is optional: unset means "let DuckDB's sniffer decide". */
export interface CsvOptions {
  delimiter?: string;
  header?: boolean;
  quote?: string;
  escape?: string;
  /** Lines to skip before the header. Defaults to 0: Sluice never drops lines silently. */
  skip?: number;
  nullStrings?: string[];
  dateFormat?: string;
  timestampFormat?: string;
  /** Column name → DuckDB type name, e.g. { zip: 'VARCHAR' }. */
  columnTypes?: Record<string, string>;
  encoding?: CsvEncoding;
  /** Skip rows that do not parse (ragged, bad values) instead of failing. */
  ignoreErrors?: boolean;
  /** Pad rows with missing trailing columns with NULL. */
  nullPadding?: boolean;
  /** Read every column as text. */
  allVarchar?: boolean;
  /** The longest line allowed, in bytes (DuckDB's default is 2,000,000). */
  maxLineSize?: number;
}

/** DuckDB's default `buffer_size` (32 MiB): it must hold the longest line. */
const DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;

export const CSV_ENCODINGS = ['utf-8', 'utf-16', 'latin-1'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Why these options cannot be used, or null. Run before building SQL. */
export function csvOptionsProblem(options: CsvOptions): string | null {
  for (const [key, value] of [['Delimiter', options.delimiter], ['Quote', options.quote], ['Escape', options.escape]] as const) {
    if (value !== undefined && value.length > 4) return `${key} can be at most 4 characters.`;
    if (key === 'Delimiter' && value === '') return 'Delimiter cannot be empty.';
  }
  if (options.skip !== undefined && (!Number.isInteger(options.skip) || options.skip < 0)) return 'Skip rows must be a whole number, 0 or more.';
  for (const [column, type] of Object.entries(options.columnTypes ?? {})) {
    if (!isTypeName(type)) return `"${type}" is not a type name (column "${column}").`;
  }
  if (options.encoding !== undefined && !CSV_ENCODINGS.includes(options.encoding)) return `Unsupported encoding "${String(options.encoding)}".`;
  if (options.maxLineSize !== undefined && (!Number.isInteger(options.maxLineSize) || options.maxLineSize < 1)) return 'The line size limit must be a whole number of bytes.';
  return null;
}

/** The named arguments of read_csv for these options, e.g. `, delim=';', header=true`. */
export function readCsvArgs(options: CsvOptions): string {
  const args: string[] = [];
  if (options.delimiter !== undefined) args.push(`delim=${str(options.delimiter)}`);
  if (options.header !== undefined) args.push(`header=${bool(options.header)}`);
  if (options.quote !== undefined) args.push(`quote=${str(options.quote)}`);
  if (options.escape !== undefined) args.push(`escape=${str(options.escape)}`);
  args.push(`skip=${num(options.skip ?? 0)}`);
  if (options.nullStrings && options.nullStrings.length > 0) args.push(`nullstr=${strList(options.nullStrings)}`);
  if (options.dateFormat) args.push(`dateformat=${str(options.dateFormat)}`);
  if (options.timestampFormat) args.push(`timestampformat=${str(options.timestampFormat)}`);
  const types = Object.entries(options.columnTypes ?? {});
  if (types.length > 0) args.push(`types=${struct(types.map(([c, t]) => [c, str(t.trim())]))}`);
  if (options.encoding && options.encoding !== 'utf-8') args.push(`encoding=${str(options.encoding)}`);
  if (options.ignoreErrors) args.push('ignore_errors=true');
  if (options.nullPadding) args.push('null_padding=true');
  if (options.allVarchar) args.push('all_varchar=true');
  if (options.maxLineSize !== undefined) args.push(`max_line_size=${num(options.maxLineSize)}`, `buffer_size=${num(Math.max(DEFAULT_BUFFER_SIZE, options.maxLineSize))}`);
  return args.map((a) => `, ${a}`).join('');
}

/** `read_csv('<path>', ...)` for a file path DuckDB can open; `extraArgs` as `, name=value, ...`. */
export function readCsvSql(path: string, options: CsvOptions, extraArgs = ''): string {
  return `read_csv(${str(path)}${readCsvArgs(options)}${extraArgs})`;
}

/** The delimiter a file name suggests, before the sniffer looks. */
export function delimiterHint(fileName: string): string | undefined {
  const lower = fileName.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return '\t';
  if (lower.endsWith('.psv')) return '|';
  return undefined;
}

/** A CSV dialect as DuckDB's sniffer resolved it: enough to read the file without sniffing again. */
export interface CsvDialect {
  delimiter: string;
  quote: string;
  escape: string;
  header: boolean;
  newLine: string;
  dateFormat: string | null;
  timestampFormat: string | null;
  columns: { name: string; type: string }[];
}

/**
 * `read_csv(...)` with a resolved dialect and `auto_detect=false`: binding it costs nothing,
 * so a view over it answers at once. Options that change values (nulls, encoding, errors) still apply.
 */
export function readCsvResolvedSql(path: string, options: CsvOptions, dialect: CsvDialect, bufferSize?: number, extraArgs = ''): string {
  const args = ['auto_detect=false', ...dialectArgs(options, dialect), `columns=${struct(dialect.columns.map((c) => [c.name, str(c.type)]))}`];
  const dateFormat = options.dateFormat ?? dialect.dateFormat;
  const timestampFormat = options.timestampFormat ?? dialect.timestampFormat;
  if (dateFormat) args.push(`dateformat=${str(dateFormat)}`);
  if (timestampFormat) args.push(`timestampformat=${str(timestampFormat)}`);
  args.push(...valueArgs(options, bufferSize));
  return `read_csv(${str(path)}, ${args.join(', ')}${extraArgs})`;
}

/**
 * `sniff_csv(...)` over the whole file (`sample_size=-1`) with the dialect already found: only the
 * column types are detected, from every row, so they hold for the whole file.
 */
export function sniffWholeFileSql(path: string, options: CsvOptions, dialect: CsvDialect): string {
  const args = [...dialectArgs(options, dialect)];
  if (options.dateFormat) args.push(`dateformat=${str(options.dateFormat)}`);
  if (options.timestampFormat) args.push(`timestampformat=${str(options.timestampFormat)}`);
  const types = Object.entries(options.columnTypes ?? {});
  if (types.length > 0) args.push(`types=${struct(types.map(([c, t]) => [c, str(t.trim())]))}`);
  if (options.allVarchar) args.push('all_varchar=true');
  args.push(...valueArgs(options), 'sample_size=-1');
  return `SELECT ${SNIFF_SELECT} FROM sniff_csv(${str(path)}, ${args.join(', ')})`;
}

function dialectArgs(options: CsvOptions, dialect: CsvDialect): string[] {
  const args = [`delim=${str(dialect.delimiter)}`, `quote=${str(dialect.quote)}`, `escape=${str(dialect.escape)}`, `header=${bool(dialect.header)}`, `skip=${num(options.skip ?? 0)}`];
  if (dialect.newLine !== '') args.push(`new_line=${str(dialect.newLine)}`);
  return args;
}

/** Arguments that change how values are read, whatever the dialect. */
function valueArgs(options: CsvOptions, bufferSize?: number): string[] {
  const args: string[] = [];
  if (options.nullStrings && options.nullStrings.length > 0) args.push(`nullstr=${strList(options.nullStrings)}`);
  if (options.encoding && options.encoding !== 'utf-8') args.push(`encoding=${str(options.encoding)}`);
  if (options.ignoreErrors) args.push('ignore_errors=true');
  if (options.nullPadding) args.push('null_padding=true');
  if (options.maxLineSize !== undefined) args.push(`max_line_size=${num(options.maxLineSize)}`);
  // DuckDB needs its read buffer to hold the longest line.
  const buffer = options.maxLineSize !== undefined ? Math.max(bufferSize ?? DEFAULT_BUFFER_SIZE, options.maxLineSize) : bufferSize;
  if (buffer !== undefined) args.push(`buffer_size=${num(buffer)}`);
  return args;
}

/** The sniff_csv columns `dialectFromSniffRow` reads, in order. */
export const SNIFF_SELECT = 'Delimiter, Quote, Escape, HasHeader, SkipRows, DateFormat, TimestampFormat, Columns, NewLineDelimiter';

export interface SniffedDialect extends CsvDialect {
  skip: number;
}

/** One row of `SELECT ${SNIFF_SELECT} FROM sniff_csv(...)` as a dialect. */
export function dialectFromSniffRow(r: readonly unknown[]): SniffedDialect {
  const columns = listOf(r[7]).map((c) => {
    const col = c as { name?: unknown; type?: unknown };
    return { name: String(col.name), type: String(col.type) };
  });
  return {
    delimiter: String(r[0] ?? ','),
    quote: sniffedChar(r[1]),
    escape: sniffedChar(r[2]),
    header: Boolean(r[3]),
    skip: Number(r[4] ?? 0),
    dateFormat: r[5] == null ? null : String(r[5]),
    timestampFormat: r[6] == null ? null : String(r[6]),
    columns,
    newLine: r[8] == null ? '' : String(r[8]),
  };
}

/** sniff_csv writes "(empty)" for no quote / no escape. */
function sniffedChar(value: unknown): string {
  return value == null || value === '(empty)' ? '' : String(value);
}

/** A list value from an engine result: a JS array, or an Arrow vector of structs. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object' && 'toArray' in value && typeof value.toArray === 'function') {
    return Array.from(value.toArray() as ArrayLike<unknown>).map((v) =>
      v && typeof v === 'object' && 'toJSON' in v && typeof v.toJSON === 'function' ? (v.toJSON() as unknown) : v,
    );
  }
  return [];
}
