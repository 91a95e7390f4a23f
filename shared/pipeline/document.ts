import type { CheckRule } from '../checks/rules.ts';
import type { CsvOptions } from '../csv-options.ts';
import type { FileFormat } from '../formats.ts';

/**
 * The pipeline document: plain, versioned JSON. The UI and the CLI run the same document through
 * the same compiler (`compile.ts`). Older versions migrate forward (`migrate.ts`); the JSON Schema
 * (`pipeline.schema.json`) validates documents at the boundary.
 */

export const PIPELINE_FORMAT = 'sluice.pipeline';
/** 2: `checks` holds data-check rules (`checks/rules.ts`); version 1 documents migrate with none. */
export const PIPELINE_VERSION = 2;

export interface PipelineDocument {
  format: typeof PIPELINE_FORMAT;
  version: typeof PIPELINE_VERSION;
  /** Input files, each read the same way every time. */
  sources: Source[];
  /** Ordered transformations, each over a source or another pipeline. */
  pipelines: Pipeline[];
  /** Data checks at the pipelines' steps and outputs (`checks/rules.ts`, docs/checks.md). */
  checks: CheckRule[];
  /** Where results go when run headless. */
  outputs: Output[];
}

export interface Source {
  id: string;
  /** The SQL table name the source is known by. */
  name: string;
  file: { path: string; name: string; size?: number };
  format: FileFormat;
  /** For CSV: the read options, so a re-run reads the file exactly the same way. */
  csv?: CsvOptions;
}

export interface Pipeline {
  id: string;
  name: string;
  input: InputRef;
  steps: Step[];
}

export type InputRef = { kind: 'source'; id: string } | { kind: 'pipeline'; id: string };

export interface Output {
  pipeline: string;
  path: string;
  format: 'csv' | 'parquet' | 'json' | 'ndjson';
}

// ---- steps --------------------------------------------------------------------

interface StepBase {
  id: string;
  /** Disabled steps stay in the document but are skipped. */
  enabled: boolean;
  /** An optional note from the user. */
  note?: string;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type TextOp = 'contains' | 'starts_with' | 'ends_with' | 'regex';
/**
 * An exact number, as its decimal text: for BIGINT, HUGEINT and DECIMAL values that a JSON number
 * (an IEEE double) cannot hold exactly, such as 9007199254740993.
 */
export interface ExactNumber {
  decimal: string;
}
export type Scalar = string | number | boolean | null | ExactNumber;

/** The exact decimal text form: an optional minus, digits, optionally a point and more digits. */
export const EXACT_NUMBER = /^-?\d+(\.\d+)?$/;

export function isExactNumber(value: unknown): value is ExactNumber {
  return typeof value === 'object' && value !== null && typeof (value as { decimal?: unknown }).decimal === 'string';
}

export type Condition =
  | { kind: 'group'; op: 'and' | 'or'; items: Condition[] }
  | { kind: 'compare'; column: string; op: CompareOp; value: Scalar }
  | { kind: 'in'; column: string; values: Scalar[]; negate?: boolean }
  | { kind: 'text'; column: string; op: TextOp; value: string; caseSensitive?: boolean; negate?: boolean }
  | { kind: 'null'; column: string; negate?: boolean }
  | { kind: 'between'; column: string; low: Scalar; high: Scalar; negate?: boolean };

export type AggregateFn = 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max' | 'median' | 'first' | 'last' | 'string_agg';

export type Step =
  | (StepBase & { kind: 'select'; columns: string[] })
  | (StepBase & { kind: 'drop'; columns: string[] })
  | (StepBase & { kind: 'rename'; renames: { from: string; to: string }[] })
  | (StepBase & { kind: 'cast'; column: string; to: string })
  | (StepBase & { kind: 'filter'; condition: Condition })
  | (StepBase & { kind: 'derive'; name: string; expression: string })
  | (StepBase & { kind: 'sort'; keys: { column: string; direction: 'asc' | 'desc'; nulls?: 'first' | 'last' }[] })
  | (StepBase & { kind: 'dedupe'; columns?: string[]; keep: 'first' | 'last'; orderBy?: string })
  | (StepBase & { kind: 'fill_null'; column: string; value: Scalar })
  | (StepBase & { kind: 'replace'; column: string; from: Scalar; to: Scalar })
  | (StepBase & { kind: 'text'; column: string; op: 'trim' | 'upper' | 'lower' | 'pad_left' | 'pad_right'; width?: number; fill?: string; into?: string })
  | (StepBase & { kind: 'split'; column: string; delimiter: string; into: string[] })
  | (StepBase & { kind: 'extract'; column: string; pattern: string; group: number; into: string })
  | (StepBase & { kind: 'parse_date'; column: string; format: string; into?: string; timestamp?: boolean })
  | (StepBase & { kind: 'date_part'; column: string; part: DatePart; into: string })
  | (StepBase & { kind: 'date_trunc'; column: string; unit: DatePart; into?: string })
  | (StepBase & { kind: 'aggregate'; groupBy: string[]; aggregations: { fn: AggregateFn; column?: string; as: string; separator?: string }[] })
  | (StepBase & { kind: 'join'; with: InputRef; how: 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti'; on: { left: string; right: string }[] })
  | (StepBase & { kind: 'union'; with: InputRef[] })
  | (StepBase & { kind: 'pivot'; on: string; value: string; fn: AggregateFn; groupBy: string[]; values: string[] })
  | (StepBase & { kind: 'unpivot'; columns: string[]; nameColumn: string; valueColumn: string })
  | (StepBase & { kind: 'window'; fn: 'row_number' | 'rank' | 'dense_rank' | 'running_sum' | 'lag' | 'lead'; column?: string; offset?: number; partitionBy: string[]; orderBy: { column: string; direction: 'asc' | 'desc' }[]; as: string })
  | (StepBase & { kind: 'limit'; count: number; offset?: number })
  | (StepBase & { kind: 'sample'; rows?: number; percent?: number; seed: number })
  | (StepBase & { kind: 'sql'; query: string });

export type StepKind = Step['kind'];
export type DatePart = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second' | 'dayofweek';

export function emptyDocument(): PipelineDocument {
  return { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, sources: [], pipelines: [], checks: [], outputs: [] };
}

/** A step without its identity: what a form produces before the step is added. */
export type StepDraft = Step extends infer S ? (S extends Step ? Omit<S, 'id' | 'enabled'> : never) : never;
