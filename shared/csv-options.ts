import { bool, num, str, strList, struct } from './sql/quote.ts';

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
}

export const CSV_ENCODINGS = ['utf-8', 'utf-16', 'latin-1'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\s*\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])?$/;

/** Why these options cannot be used, or null. Run before building SQL. */
export function csvOptionsProblem(options: CsvOptions): string | null {
  for (const [key, value] of [['Delimiter', options.delimiter], ['Quote', options.quote], ['Escape', options.escape]] as const) {
    if (value !== undefined && value.length > 4) return `${key} can be at most 4 characters.`;
    if (key === 'Delimiter' && value === '') return 'Delimiter cannot be empty.';
  }
  if (options.skip !== undefined && (!Number.isInteger(options.skip) || options.skip < 0)) return 'Skip rows must be a whole number, 0 or more.';
  for (const [column, type] of Object.entries(options.columnTypes ?? {})) {
    if (!TYPE_NAME.test(type.trim())) return `"${type}" is not a type name (column "${column}").`;
  }
  if (options.encoding !== undefined && !CSV_ENCODINGS.includes(options.encoding)) return `Unsupported encoding "${String(options.encoding)}".`;
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
  return args.map((a) => `, ${a}`).join('');
}

/** `read_csv('<path>', ...)` for a file path DuckDB can open. */
export function readCsvSql(path: string, options: CsvOptions): string {
  return `read_csv(${str(path)}${readCsvArgs(options)})`;
}

/** The delimiter a file name suggests, before the sniffer looks. */
export function delimiterHint(fileName: string): string | undefined {
  const lower = fileName.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return '\t';
  if (lower.endsWith('.psv')) return '|';
  return undefined;
}
