import { pyStr } from './python-text.ts';

/** Each aggregation as a pandas function of a group's rows (`rows`), with DuckDB's meaning (the runtime's helpers say how). */
export const AGGREGATES: Record<string, (c: string, separator?: string) => string> = {
  count: (c) => `lambda rows: rows[${pyStr(c)}].count()`,
  count_distinct: (c) => `lambda rows: rows[${pyStr(c)}].nunique()`,
  sum: (c) => `lambda rows: total(rows[${pyStr(c)}])`,
  avg: (c) => `lambda rows: rows[${pyStr(c)}].astype("Float64").mean()`,
  min: (c) => `lambda rows: rows[${pyStr(c)}].min()`,
  max: (c) => `lambda rows: rows[${pyStr(c)}].max()`,
  median: (c) => `lambda rows: rows[${pyStr(c)}].astype("Float64").median()`,
  first: (c) => `lambda rows: rows[${pyStr(c)}].iloc[0]`,
  last: (c) => `lambda rows: rows[${pyStr(c)}].iloc[-1]`,
  string_agg: (c, separator) => `lambda rows: string_agg(rows[${pyStr(c)}], ${pyStr(separator ?? ', ')})`,
};
