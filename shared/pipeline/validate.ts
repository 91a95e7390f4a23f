import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { checkProblems } from '../checks/check-references.ts';
import type { Result } from '../result.ts';
import type { PipelineDocument } from './document.ts';
import { LIMITS } from './limits.ts';
import { migrate } from './migrate.ts';
import schemaJson from './pipeline.schema.json' with { type: 'json' };

/**
 * Validates a pipeline document against the published JSON Schema (pipeline.schema.json) after
 * migrating it forward, and reports problems as "JSON path: reason". The validator interprets the
 * schema (no code generation), so it runs under the app's strict CSP and in the CLI alike.
 */

export interface SchemaProblem {
  /** JSON path of the offending value, e.g. `pipelines[0].steps[2].to`. */
  path: string;
  message: string;
}

const schema = schemaJson as unknown as Schema & { $defs: Record<string, Schema & { oneOf?: Schema[] }> };

/**
 * The document with steps and checks reduced to their `kind`; each step and check is then validated
 * against its own kind's schema alone, for precise messages ("checks[0].min: …").
 */
const KINDED = ['step', 'check'] as const;
type Kinded = (typeof KINDED)[number];

const outline: Schema = {
  ...schema,
  $defs: { ...schema.$defs, ...Object.fromEntries(KINDED.map((def) => [def, { type: 'object', required: ['kind'], properties: { kind: { enum: kindsOf(def) } } }])) },
};
const outlineValidator = new Validator(outline, '2020-12', false);
const kindValidators = new Map<string, Validator>();

function kindsOf(def: Kinded): string[] {
  return (schema.$defs[def]?.oneOf ?? []).map((s: Schema) => String((s.properties?.kind as { const?: unknown } | undefined)?.const));
}

function kindValidator(def: Kinded, kind: string): Validator | undefined {
  const key = `${def}/${kind}`;
  let v = kindValidators.get(key);
  if (!v) {
    const index = kindsOf(def).indexOf(kind);
    if (index < 0) return undefined;
    v = new Validator({ $ref: `${String(schema.$id)}#/$defs/${def}/oneOf/${index}` }, '2020-12', false);
    v.addSchema(schema);
    kindValidators.set(key, v);
  }
  return v;
}

/** `#/pipelines/0/steps/2` → `pipelines[0].steps[2]` */
export function jsonPath(pointer: string): string {
  const parts = pointer.replace(/^#\/?/, '').split('/').filter((p) => p !== '');
  let out = '';
  for (const raw of parts) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out === '' ? '(document)' : out;
}

/** The most specific errors: the deepest instance locations, without the summary errors above them. */
function specific(all: readonly OutputUnit[], prefix: string): SchemaProblem[] {
  // Of a oneOf over kinds (conditions), keep only the branch whose `kind` matched.
  const wrongBranches = all
    .filter((e) => e.keyword === 'const' && e.instanceLocation.endsWith('/kind'))
    .map((e) => /^(.*\/oneOf\/\d+)\//.exec(e.keywordLocation)?.[1])
    .filter((b): b is string => b !== undefined);
  const errors = all.filter((e) => !wrongBranches.some((b) => e.keywordLocation.startsWith(`${b}/`)) && e.error !== 'False boolean schema.');
  const leaves = errors.filter((e) => !['properties', 'items', 'allOf', '$ref', 'oneOf', 'anyOf', 'prefixItems'].includes(e.keyword));
  const chosen = leaves.length > 0 ? leaves : errors;
  const depth = (e: OutputUnit) => e.instanceLocation.split('/').length;
  const deepest = Math.max(...chosen.map(depth));
  const seen = new Set<string>();
  return chosen
    .filter((e) => depth(e) === deepest || e.keyword === 'required' || e.keyword === 'additionalProperties')
    .map((e) => ({ path: jsonPath(prefix + e.instanceLocation.replace(/^#/, '')), message: e.keyword === 'enum' ? enumMessage(e.error) : e.error }))
    .filter((p) => (seen.has(p.path + p.message) ? false : (seen.add(p.path + p.message), true)));
}

/** `Instance does not match any of ["csv","parquet"].` → `must be one of csv, parquet`. */
function enumMessage(error: string): string {
  const list = /any of (\[.*\])\.?$/.exec(error)?.[1];
  if (!list) return error;
  try {
    const values = JSON.parse(list) as unknown[];
    return `must be one of ${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
  } catch {
    return error;
  }
}

export function schemaProblems(value: unknown): SchemaProblem[] {
  const outer = outlineValidator.validate(value);
  if (!outer.valid) return specific(outer.errors, '#');
  const problems: SchemaProblem[] = [];
  const validate = (def: Kinded, item: { kind: string }, pointer: string) => {
    const result = kindValidator(def, item.kind)?.validate(item);
    if (result && !result.valid) problems.push(...specific(result.errors, pointer));
  };
  const doc = value as { pipelines: { steps: { kind: string }[] }[]; checks: { kind: string }[] };
  doc.pipelines.forEach((p, pi) => p.steps.forEach((step, si) => validate('step', step, `#/pipelines/${pi}/steps/${si}`)));
  doc.checks.forEach((check, ci) => validate('check', check, `#/checks/${ci}`));
  return problems;
}

/** Parse-time checks that a schema cannot express: unique ids, references that resolve (checks: `checks/check-references.ts`). */
function referenceProblems(doc: PipelineDocument): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const sourceIds = new Set(doc.sources.map((s) => s.id));
  const pipelineIds = new Set(doc.pipelines.map((p) => p.id));
  if (sourceIds.size !== doc.sources.length) problems.push({ path: 'sources', message: 'Source ids must be unique.' });
  if (pipelineIds.size !== doc.pipelines.length) problems.push({ path: 'pipelines', message: 'Pipeline ids must be unique.' });
  const check = (ref: { kind: string; id: string }, path: string) => {
    const ok = ref.kind === 'source' ? sourceIds.has(ref.id) : pipelineIds.has(ref.id);
    if (!ok) problems.push({ path, message: `No ${ref.kind} with id "${ref.id}".` });
  };
  doc.pipelines.forEach((p, pi) => {
    check(p.input, `pipelines[${pi}].input`);
    const stepIds = new Set<string>();
    p.steps.forEach((s, si) => {
      if (stepIds.has(s.id)) problems.push({ path: `pipelines[${pi}].steps[${si}].id`, message: `Step id "${s.id}" is used twice.` });
      stepIds.add(s.id);
      if (s.kind === 'join') check(s.with, `pipelines[${pi}].steps[${si}].with`);
      if (s.kind === 'union') s.with.forEach((w, wi) => check(w, `pipelines[${pi}].steps[${si}].with[${wi}]`));
    });
  });
  doc.outputs.forEach((o, oi) => {
    if (!pipelineIds.has(o.pipeline)) problems.push({ path: `outputs[${oi}].pipeline`, message: `No pipeline with id "${o.pipeline}".` });
  });
  problems.push(...checkProblems(doc));
  return problems;
}

/** How deep a JSON value nests (objects and arrays), counted without recursion and up to `stop` + 1. */
function nestingDepth(value: unknown, stop: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > stop) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Sizes checked before anything else, so a hostile document is refused at once instead of being
 * walked by the validator, compiled or shown.
 */
function sizeProblems(value: unknown): SchemaProblem[] {
  const doc = value as { sources?: unknown; pipelines?: unknown; checks?: unknown };
  const problems: SchemaProblem[] = [];
  const tooMany = (path: string, items: unknown, limit: number, what: string) => {
    if (Array.isArray(items) && items.length > limit) problems.push({ path, message: `${items.length.toLocaleString('en-US')} ${what}; Sluice opens at most ${limit.toLocaleString('en-US')}.` });
  };
  tooMany('sources', doc.sources, LIMITS.sources, 'sources');
  tooMany('pipelines', doc.pipelines, LIMITS.pipelines, 'pipelines');
  tooMany('checks', doc.checks, LIMITS.checks, 'checks');
  if (Array.isArray(doc.pipelines)) {
    let total = 0;
    doc.pipelines.forEach((p: unknown, i) => {
      const steps = (p as { steps?: unknown } | null)?.steps;
      tooMany(`pipelines[${i}].steps`, steps, LIMITS.stepsPerPipeline, 'steps');
      if (Array.isArray(steps)) total += steps.length;
    });
    if (total > LIMITS.steps) problems.push({ path: 'pipelines', message: `${total.toLocaleString('en-US')} steps in all; Sluice opens at most ${LIMITS.steps.toLocaleString('en-US')}.` });
  }
  // Counted after the lengths, which bound the walk.
  if (problems.length === 0 && nestingDepth(value, LIMITS.jsonDepth) > LIMITS.jsonDepth) problems.push({ path: '(document)', message: `Values nest more than ${LIMITS.jsonDepth} levels deep.` });
  return problems;
}

/** Migrate, then validate: a document the compiler can trust, or every problem found. */
export function parseDocument(value: unknown): Result<PipelineDocument, SchemaProblem[]> {
  const migrated = migrate(value);
  if (!migrated.ok) return { ok: false, error: [{ path: '(document)', message: migrated.error }] };
  const tooBig = sizeProblems(migrated.value);
  if (tooBig.length > 0) return { ok: false, error: tooBig };
  const problems = schemaProblems(migrated.value);
  if (problems.length > 0) return { ok: false, error: problems };
  const doc = migrated.value as PipelineDocument;
  const refs = referenceProblems(doc);
  return refs.length > 0 ? { ok: false, error: refs } : { ok: true, value: doc };
}

export function describeProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
