import type { CsvDialect } from '../csv-options.ts';
import { compilePipeline, queryAt, type CompileContext } from '../pipeline/compile.ts';
import { describeInput, describeStep } from '../pipeline/describe.ts';
import type { InputRef, Pipeline, PipelineDocument, Source } from '../pipeline/document.ts';
import type { Result } from '../result.ts';
import { ident } from '../sql/quote.ts';
import { CHECK_HELPERS, checksMain, pythonChecks, type CheckedFrame, type PythonChecks } from './python-checks.ts';
import { PYTHON_RUNTIME, PYTHON_RUNTIME_NAMES } from './python-runtime.ts';
import { stepPandas, type Column } from './python-steps.ts';
import { pyComment, pyName, pyStr, pyValue } from './python-text.ts';
import { enabledChecks } from './script-checks.ts';
import { csvOptionsOf } from './sql-script.ts';

/**
 * "Python script": the document as a standalone pandas program a data engineer could have written —
 * a function per source reader and per step (named for the step, commented with the step as the app
 * shows it), a function per pipeline, argparse for every input and output path (defaults: the config's
 * relative paths, so it runs from the config's folder), logging. It reads every column with the type
 * DuckDB gives it, so it needs the engine's description of the data (`ScriptSchema`). A step it cannot
 * translate with DuckDB's meaning refuses the export, naming the step and why.
 */

export interface ScriptSchema {
  /** DuckDB's DESCRIBE of a query over the sources (each source a view by its name). */
  describe(sql: string): Promise<Result<Column[], string>>;
  /** The CSV dialect DuckDB's sniffer resolves for a CSV source (delimiter, quote, header, formats). */
  csvDialect(source: Source): Promise<Result<CsvDialect, string>>;
  /** For a JSON or NDJSON source: the columns read_json types JSON (values of different kinds), which Sluice holds as each value's JSON text. */
  jsonTextColumns(source: Source): Promise<Result<string[], string>>;
}

export interface PythonScriptRequest {
  doc: PipelineDocument;
  configName: string;
  schema: ScriptSchema;
}

const CTX: CompileContext = { sourceSql: (s) => ident(s.name) };
const typesDict = (columns: readonly Column[], indent: string) => `{\n${columns.map((c) => `${indent}    ${pyStr(c.name)}: ${pyStr(c.type)},`).join('\n')}\n${indent}}`;
const argName = (kind: 'input' | 'output', name: string) => `${kind}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || kind}`;

async function readerCode(source: Source, fn: string, schema: ScriptSchema): Promise<Result<string, string>> {
  const columns = await schema.describe(`SELECT * FROM ${ident(source.name)}`);
  if (!columns.ok) return { ok: false, error: `source "${source.name}": ${columns.error}` };
  const head = [`def ${fn}(path):`, `    """Source "${source.name.replaceAll('"', "'")}": ${source.format.toUpperCase()}, columns typed as Sluice reads them."""`];
  const types = typesDict(columns.value, '    ');
  switch (source.format) {
    case 'csv': {
      const options = csvOptionsOf(source);
      if (options.ignoreErrors || options.nullPadding || options.allVarchar || (options.encoding && options.encoding !== 'utf-8' && options.encoding !== 'latin-1')) {
        return { ok: false, error: `source "${source.name}": its CSV options (skip bad rows, pad missing columns, read all as text or UTF-16) have no pandas reading with the same rows` };
      }
      const dialect = await schema.csvDialect(source);
      if (!dialect.ok) return { ok: false, error: `source "${source.name}": ${dialect.error}` };
      const d = dialect.value;
      const args = [
        `delimiter=${pyStr(options.delimiter ?? d.delimiter)}`,
        `header=${(options.header ?? d.header) ? 'True' : 'False'}`,
        `quote=${pyStr(options.quote ?? d.quote)}`,
        `escape=${pyStr(options.escape ?? d.escape)}`,
        `skip=${options.skip ?? 0}`,
        `null_values=[${(options.nullStrings && options.nullStrings.length > 0 ? options.nullStrings : ['']).map(pyStr).join(', ')}]`,
        `date_format=${pyValue(options.dateFormat ?? d.dateFormat)}`.replace('pd.NA', 'None'),
        `timestamp_format=${pyValue(options.timestampFormat ?? d.timestampFormat)}`.replace('pd.NA', 'None'),
        `encoding=${pyStr(options.encoding === 'latin-1' ? 'latin-1' : 'utf-8')}`,
      ];
      return { ok: true, value: [...head, `    columns = ${types}`, `    return read_csv(path, columns, ${args.join(', ')})`].join('\n') };
    }
    case 'json':
    case 'ndjson':
    {
      const texts = await schema.jsonTextColumns(source);
      if (!texts.ok) return { ok: false, error: `source "${source.name}": ${texts.error}` };
      const jsonText = texts.value.length > 0 ? `, json_text=[${texts.value.map(pyStr).join(', ')}]` : '';
      return { ok: true, value: [...head, `    columns = ${types}`, `    return read_json(path, columns, lines=${source.format === 'ndjson' ? 'True' : 'False'}${jsonText})`].join('\n') };
    }
    case 'parquet':
      return { ok: true, value: [...head, `    columns = ${types}`, '    return with_types(pd.read_parquet(path), columns)  # needs pyarrow'].join('\n') };
    case 'arrow':
      return { ok: false, error: `source "${source.name}": Arrow IPC files need pyarrow's IPC reader, which the pandas script does not use; convert it to Parquet or CSV first` };
  }
}

/** The pipelines in an order where each comes after those it reads. */
function pipelineOrder(doc: PipelineDocument): Pipeline[] {
  const done: Pipeline[] = [];
  const visit = (p: Pipeline, seen: Set<string>) => {
    if (done.includes(p) || seen.has(p.id)) return;
    seen.add(p.id);
    const refs: InputRef[] = [p.input, ...p.steps.flatMap((s) => (s.kind === 'join' ? [s.with] : s.kind === 'union' ? s.with : []))];
    for (const ref of refs) if (ref.kind === 'pipeline') visit(doc.pipelines.find((q) => q.id === ref.id)!, seen);
    done.push(p);
  };
  doc.pipelines.forEach((p) => visit(p, new Set()));
  return done;
}

const frameOf = (doc: PipelineDocument) => (ref: InputRef) => (ref.kind === 'source' ? `sources[${pyStr(describeInput(ref, doc))}]` : `results[${pyStr(describeInput(ref, doc))}]`);

/** A step's rows kept for the checks that apply after it: `results[(pipeline, step id)]`. */
const checkpoint = (pipeline: Pipeline, stepId: string) => `results[(${pyStr(pipeline.name)}, ${pyStr(stepId)})]`;

async function pipelineCode(doc: PipelineDocument, pipeline: Pipeline, taken: Set<string>, schema: ScriptSchema, capture: ReadonlySet<string> = new Set()): Promise<Result<{ functions: string[]; runner: string; fn: string; output: Column[]; steps: Map<string, Column[]> }, string>> {
  let compiled;
  try {
    compiled = compilePipeline(doc, pipeline.id, CTX);
  } catch (e) {
    return { ok: false, error: `pipeline "${pipeline.name}": ${e instanceof Error ? e.message : String(e)}` };
  }
  const first = await schema.describe(queryAt(compiled));
  if (!first.ok) return { ok: false, error: `pipeline "${pipeline.name}": ${first.error}` };
  let columns = first.value;
  const functions: string[] = [];
  const calls: string[] = [];
  const steps = new Map<string, Column[]>();
  const frame = frameOf(doc);
  for (const [index, step] of pipeline.steps.entries()) {
    const label = describeStep(step, doc);
    if (!step.enabled) {
      calls.push(`    ${pyComment(`step ${index + 1} (disabled in Sluice): ${label}`)}`);
      steps.set(step.id, columns);
      if (capture.has(step.id)) calls.push(`    ${checkpoint(pipeline, step.id)} = df  # checked after this step`);
      continue;
    }
    const after = await schema.describe(queryAt(compiled, step.id));
    if (!after.ok) return { ok: false, error: `pipeline "${pipeline.name}", step ${index + 1} "${label}": ${after.error}` };
    const code = stepPandas(step, { doc, input: columns, output: after.value }, frame);
    if (!code.ok) return { ok: false, error: `pipeline "${pipeline.name}", step ${index + 1} "${label}" cannot become pandas: ${code.error}.` };
    const fn = pyName(label, taken, 'step');
    const params = step.kind === 'join' ? ['other'] : code.value.others.map((_, i) => `other_${i + 1}`);
    functions.push([pyComment(`Step ${index + 1} of "${pipeline.name}": ${label}`), `def ${fn}(${['df', ...params].join(', ')}):`, ...code.value.body.map((l) => `    ${l}`)].join('\n'));
    calls.push(`    df = ${fn}(${['df', ...code.value.others].join(', ')})`);
    columns = after.value;
    steps.set(step.id, columns);
    if (capture.has(step.id)) calls.push(`    ${checkpoint(pipeline, step.id)} = df  # checked after this step`);
  }
  const fn = pyName(`pipeline ${pipeline.name}`, taken, 'pipeline');
  const runner = [`def ${fn}(sources, results):`, `    """Pipeline "${pipeline.name.replaceAll('"', "'")}": ${pipeline.steps.length} step(s) over ${describeInput(pipeline.input, doc).replaceAll('"', "'")}."""`, `    df = ${frame(pipeline.input)}`, ...calls, '    return df'].join('\n');
  return { ok: true, value: { functions, runner, fn, output: columns, steps } };
}

export async function pythonScript(request: PythonScriptRequest): Promise<Result<string, string>> {
  const { doc, schema } = request;
  const taken = new Set<string>(['main', 'parse_arguments', ...PYTHON_RUNTIME_NAMES, ...CHECK_HELPERS]);
  const readers: string[] = [];
  const readerNames = new Map<string, string>();
  for (const source of doc.sources) {
    const fn = pyName(`read ${source.name}`, taken, 'read');
    const code = await readerCode(source, fn, schema);
    if (!code.ok) return code;
    readers.push(code.value);
    readerNames.set(source.id, fn);
  }
  const pipelines: { pipeline: Pipeline; functions: string[]; runner: string; fn: string; output: Column[]; steps: Map<string, Column[]> }[] = [];
  const capture = new Set(enabledChecks(doc).flatMap((r) => (r.after !== undefined ? [r.after] : [])));
  for (const pipeline of pipelineOrder(doc)) {
    const code = await pipelineCode(doc, pipeline, taken, schema, capture);
    if (!code.ok) return code;
    pipelines.push({ pipeline, ...code.value });
  }
  const outputs = doc.outputs.length > 0 ? doc.outputs : doc.pipelines.length > 0 ? [{ pipeline: doc.pipelines.at(-1)!.id, path: '-', format: 'csv' as const }] : [];
  const checks = await checksCode(doc, pipelines, schema, taken);
  if (!checks.ok) return checks;
  const args = [
    ...doc.sources.map((s) => `    parser.add_argument(${pyStr(`--${argName('input', s.name)}`)}, default=${pyStr(s.file.path)}, help=${pyStr(`the file for source "${s.name}" (default: %(default)s)`)})`),
    ...outputs.map((o) => {
      const name = doc.pipelines.find((p) => p.id === o.pipeline)?.name ?? o.pipeline;
      return `    parser.add_argument(${pyStr(`--${argName('output', name)}`)}, default=${pyStr(o.path)}, help=${pyStr(`where pipeline "${name}" writes ${o.format.toUpperCase()} ('-': standard output; default: %(default)s)`)})`;
    }),
  ];
  const attr = (kind: 'input' | 'output', name: string) => `arguments.${argName(kind, name).replaceAll('-', '_')}`;
  const run = checksMain(doc, checks.value, outputs, pipelines.map((p) => ({ id: p.pipeline.id, name: p.pipeline.name, types: typesDict(p.output, '    '), columns: p.output })), (name) => attr('output', name));
  args.push(...run.args);
  const main = [
    'def main():',
    '    arguments = parse_arguments()',
    '    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)',
    ...run.start,
    '    sources = {}',
    ...doc.sources.map((s) => `    logging.info("reading source %s from %s", ${pyStr(s.name)}, ${attr('input', s.name)})\n    sources[${pyStr(s.name)}] = ${readerNames.get(s.id)!}(${attr('input', s.name)})`),
    '    results = {}',
    ...pipelines.map((p) => `    results[${pyStr(p.pipeline.name)}] = ${p.fn}(sources, results)\n    logging.info("pipeline %s: %d rows", ${pyStr(p.pipeline.name)}, len(results[${pyStr(p.pipeline.name)}]))`),
    ...run.evaluate,
    ...outputs.map((o) => {
      const p = pipelines.find((x) => x.pipeline.id === o.pipeline)!;
      return `    write_rows(${run.rows(p.pipeline.name)}, ${attr('output', p.pipeline.name)}, ${pyStr(o.format)}, ${typesDict(p.output, '    ')})\n    logging.info("wrote %s", ${attr('output', p.pipeline.name)})`;
    }),
  ].join('\n');
  const text = [
    `#!/usr/bin/env python3\n"""Generated by Sluice from ${request.configName.replaceAll('"', "'")}: the same rows as the app, in pandas (1.5 or 2.x).\n\nRun it from the config's folder (paths default to the config's, relative to it):\n    python3 this-script.py --help\n${enabledChecks(doc).length > 0 ? CHECKS_DOC : ''}"""`,
    'import argparse\nimport csv\nimport decimal\nimport json\nimport logging\nimport math\nimport os\nimport re\nimport sys\n\nimport numpy as np\nimport pandas as pd',
    PYTHON_RUNTIME.trim(),
    '# ---- Sources -------------------------------------------------------------------------------',
    readers.join('\n\n\n'),
    ...pipelines.flatMap((p) => [`# ---- Pipeline "${p.pipeline.name.replace(/[\r\n]+/g, ' ')}" ----`, [...p.functions, p.runner].join('\n\n\n')]),
    ...(checks.value.code ? ['# ---- Checks ---------------------------------------------------------------------------------', checks.value.code] : []),
    '# ---- Run ------------------------------------------------------------------------------------',
    ['def parse_arguments():', `    parser = argparse.ArgumentParser(description=${pyStr(`Run the Sluice pipelines of ${request.configName} with pandas.`)})`, ...args, '    return parser.parse_args()'].join('\n'),
    main,
    'if __name__ == "__main__":\n    main()',
  ];
  return { ok: true, value: `${text.join('\n\n\n')}\n` };
}

const CHECKS_DOC = `
Checks run as \`sluice run\` runs them: each is logged (PASS, WARN at WARNING, FAIL at ERROR); the failing
rows of quarantine rules go to <output stem>.quarantine.<ext> beside each output, written even when the
checks fail; when a check fails (severity error beyond its threshold; with --fail-on warn, warnings too),
no main output is written (existing files are left as they are) and the script exits with code 1.
`;

/** The checks' code: each rule over the frame it checks (a pipeline's output or a step's checkpoint). */
async function checksCode(doc: PipelineDocument, pipelines: readonly { pipeline: Pipeline; output: Column[]; steps: Map<string, Column[]> }[], schema: ScriptSchema, taken: Set<string>): Promise<Result<PythonChecks, string>> {
  const sourceColumns = new Map<string, Column[]>();
  for (const rule of enabledChecks(doc)) {
    if (rule.kind !== 'relationship' || rule.to.kind !== 'source' || sourceColumns.has(rule.to.id)) continue;
    const source = doc.sources.find((s) => s.id === rule.to.id);
    if (!source) continue;
    const columns = await schema.describe(`SELECT * FROM ${ident(source.name)}`);
    if (!columns.ok) return { ok: false, error: `source "${source.name}": ${columns.error}` };
    sourceColumns.set(source.id, columns.value);
  }
  const outputOf = (id: string): Result<CheckedFrame, string> => {
    const p = pipelines.find((x) => x.pipeline.id === id);
    return p ? { ok: true, value: { frame: `results[${pyStr(p.pipeline.name)}]`, columns: p.output } } : { ok: false, error: `no pipeline with id "${id}"` };
  };
  return pythonChecks(
    {
      doc,
      checked: (rule) => {
        if (rule.after === undefined) return outputOf(rule.pipeline);
        const p = pipelines.find((x) => x.pipeline.id === rule.pipeline);
        const columns = p?.steps.get(rule.after);
        return p && columns ? { ok: true, value: { frame: checkpoint(p.pipeline, rule.after), columns } } : { ok: false, error: `no step "${rule.after}" in pipeline "${rule.pipeline}"` };
      },
      relation: (to) => {
        if (to.kind === 'pipeline') return outputOf(to.id);
        const source = doc.sources.find((s) => s.id === to.id);
        const columns = sourceColumns.get(to.id);
        return source && columns ? { ok: true, value: { frame: `sources[${pyStr(source.name)}]`, columns } } : { ok: false, error: `no source with id "${to.id}"` };
      },
    },
    taken,
  );
}
