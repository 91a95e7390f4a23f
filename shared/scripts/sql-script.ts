import { delimiterHint, readCsvSql, type CsvOptions } from '../csv-options.ts';
import { compilePipeline, CompileError, pipelineQuery, type CompileContext } from '../pipeline/compile.ts';
import { describeStep } from '../pipeline/describe.ts';
import type { Output, Pipeline, PipelineDocument, Source } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { ident, str } from '../sql/quote.ts';

/**
 * "SQL script": the document as plain DuckDB SQL, run from the config's folder (`duckdb < pipeline.sql`):
 * each source a view reading its file with the app's read options (`csv-options.ts`), each pipeline a view
 * of its compiled query (the app's compiler), each declared output a `COPY … TO`. Paths stay as the config
 * writes them, relative to its folder. The script is a list of sections (`ScriptSection`); checks, when the
 * document has them, are a section of their own between the pipelines and the outputs.
 */

export interface ScriptSection {
  title: string;
  statements: string[];
}

export interface SqlScriptRequest {
  doc: PipelineDocument;
  /** The config's file name, for the header. */
  configName: string;
  /** Extra sections after the pipelines, before the outputs (the checks' queries). */
  extraSections?: readonly ScriptSection[];
  /** The query an output copies (the checks' gate, the passing rows of a quarantined pipeline); null or absent: its view. */
  outputQuery?: (output: Output, view: string) => string | null;
}

/** A CSV source's options as the app reads it: the saved ones, or the delimiter its name suggests. */
export function csvOptionsOf(source: Source): CsvOptions {
  if (source.csv) return source.csv;
  const hint = delimiterHint(source.file.name);
  return hint ? { delimiter: hint } : {};
}

/** The `read_*` call for a source, with the path as the config writes it. */
export function sourceReadSql(source: Source): Result<string, string> {
  const path = source.file.path;
  switch (source.format) {
    case 'csv':
      return { ok: true, value: readCsvSql(path, csvOptionsOf(source)) };
    case 'parquet':
      return { ok: true, value: `read_parquet(${str(path)})` };
    case 'json':
      return { ok: true, value: `read_json(${str(path)}, format='array')` };
    case 'ndjson':
      return { ok: true, value: `read_json(${str(path)}, format='newline_delimited')` };
    case 'arrow':
      return { ok: false, error: `source "${source.name}" is an Arrow IPC file, which DuckDB reads only with the arrow extension; convert it to Parquet first.` };
  }
}

const COPY_OPTIONS: Record<Output['format'], string> = {
  csv: 'FORMAT csv, HEADER true',
  parquet: 'FORMAT parquet',
  json: 'FORMAT json, ARRAY true',
  ndjson: 'FORMAT json',
};

/** The view name of each pipeline: its name, unless a source has it. */
export function pipelineViews(doc: PipelineDocument): Map<string, string> {
  const taken = new Set(doc.sources.map((s) => s.name.toLowerCase()));
  const views = new Map<string, string>();
  for (const pipeline of doc.pipelines) {
    let name = pipeline.name;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${pipeline.name}_pipeline${n === 2 ? '' : `_${n}`}`;
    taken.add(name.toLowerCase());
    views.set(pipeline.id, name);
  }
  return views;
}

const comment = (text: string) => `-- ${text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`;

function pipelineSection(doc: PipelineDocument, pipeline: Pipeline, view: string, ctx: CompileContext): Result<string, string> {
  let compiled;
  try {
    compiled = compilePipeline(doc, pipeline.id, ctx);
  } catch (e) {
    const step = e instanceof CompileError && e.stepId ? pipeline.steps.find((s) => s.id === e.stepId) : undefined;
    return { ok: false, error: `pipeline "${pipeline.name}"${step ? `, step "${describeStep(step, doc)}"` : ''}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const steps = pipeline.steps.map((s, i) => comment(`  ${i + 1}. ${describeStep(s, doc)}${s.enabled ? '' : ' (disabled)'}`));
  return { ok: true, value: [comment(`pipeline "${pipeline.name}"`), ...steps, `CREATE OR REPLACE TEMP VIEW ${ident(view)} AS\n${pipelineQuery(compiled)};`].join('\n') };
}

export function sqlScript(request: SqlScriptRequest): Result<string, string> {
  const { doc } = request;
  const ctx: CompileContext = { sourceSql: (s) => ident(s.name) };
  const sections: ScriptSection[] = [];
  const sources: string[] = [];
  for (const source of doc.sources) {
    const read = sourceReadSql(source);
    if (!read.ok) return read;
    sources.push(`${comment(`source "${source.name}": ${source.file.path}`)}\nCREATE OR REPLACE TEMP VIEW ${ident(source.name)} AS SELECT * FROM ${read.value};`);
  }
  sections.push({ title: 'Sources', statements: sources });
  const views = pipelineViews(doc);
  const pipelines: string[] = [];
  for (const pipeline of doc.pipelines) {
    const section = pipelineSection(doc, pipeline, views.get(pipeline.id)!, ctx);
    if (!section.ok) return section;
    pipelines.push(section.value);
  }
  sections.push({ title: 'Pipelines', statements: pipelines });
  sections.push(...(request.extraSections ?? []));
  const query = (o: Output) => request.outputQuery?.(o, views.get(o.pipeline) ?? o.pipeline) ?? `SELECT * FROM ${ident(views.get(o.pipeline) ?? o.pipeline)}`;
  const outputs = doc.outputs.map((o) => (o.path === '-' ? `${query(o)};` : `COPY (${query(o)}) TO ${str(o.path)} (${COPY_OPTIONS[o.format]});`));
  const last = doc.pipelines.at(-1);
  if (outputs.length === 0 && last) outputs.push(`${comment('no outputs declared: the last pipeline\'s rows')}\n${query({ pipeline: last.id, path: '-', format: 'csv' })};`);
  sections.push({ title: 'Outputs', statements: outputs });
  const header = [
    comment(`Generated by Sluice from ${request.configName}.`),
    comment('Plain DuckDB SQL. Run it from the folder of the config, where its relative paths point:'),
    comment('  duckdb < this-script.sql'),
  ];
  const body = sections.filter((s) => s.statements.length > 0).map((s) => `${comment(`---- ${s.title} ----`)}\n\n${s.statements.join('\n\n')}`);
  return { ok: true, value: `${[header.join('\n'), ...body].join('\n\n')}\n` };
}
