/**
 * The sizes beyond which a pipeline document is refused with a message rather than run. They are far
 * above anything built by hand or by clicking, and keep a hostile document (thousands of steps,
 * conditions nested thousands deep, megabytes of SQL) from freezing the app or the CLI.
 */
export const LIMITS = {
  /** A project or pipeline file, in characters of JSON. */
  documentChars: 10_000_000,
  sources: 1_000,
  pipelines: 1_000,
  stepsPerPipeline: 2_000,
  /** Steps in all pipelines together. */
  steps: 10_000,
  /** Objects and arrays inside each other, anywhere in the document. */
  jsonDepth: 64,
  /** Nested condition groups in one filter. */
  conditionDepth: 32,
  /** Data-check rules in one document. */
  checks: 1_000,
  /** Values in one accepted-values rule, and columns in one schema rule. */
  checkValues: 10_000,
  /** Failing rows a check evaluation may return as its sample. */
  checkSampleRows: 1_000,
  /** The SQL of one compiled query. */
  compiledSqlChars: 5_000_000,
} as const;
