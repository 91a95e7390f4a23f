import type { Result } from '../result.ts';
import { PIPELINE_FORMAT, PIPELINE_VERSION } from './document.ts';

/**
 * Moves older pipeline documents forward, one version at a time. Each migration takes the JSON of
 * version N and returns version N+1; they never throw, and never touch what they do not know.
 *
 * Version 0 is the pre-release shape: one pipeline at the top level, `{ source, steps }`.
 * Version 1 had `checks` always empty; version 2 fills it with data-check rules. A version 1 document
 * compiles to the same SQL after migration: its pipelines are untouched.
 */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  0: (doc) => {
    const source = doc.source as Record<string, unknown> | undefined;
    const sources = source ? [{ ...source, id: String(source.id ?? 'source') }] : [];
    return {
      format: PIPELINE_FORMAT,
      version: 1,
      sources,
      pipelines: [{ id: 'main', name: String(doc.name ?? 'main'), input: { kind: 'source', id: sources[0]?.id ?? 'source' }, steps: doc.steps ?? [] }],
      checks: [],
      outputs: [],
    };
  },
  1: (doc) => ({ ...doc, version: 2, checks: doc.checks ?? [] }),
};

export function migrate(value: unknown): Result<unknown, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'A pipeline document must be a JSON object.' };
  let doc = value as Record<string, unknown>;
  if (doc.format !== undefined && doc.format !== PIPELINE_FORMAT) return { ok: false, error: `Not a Sluice pipeline (format is ${JSON.stringify(doc.format)}).` };
  let version = doc.version === undefined ? 0 : doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return { ok: false, error: `Unknown document version ${JSON.stringify(version)}.` };
  if (version > PIPELINE_VERSION) return { ok: false, error: `This document is version ${version}; this Sluice reads up to version ${PIPELINE_VERSION}. Update Sluice.` };
  while (version < PIPELINE_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) return { ok: false, error: `No migration from version ${version}.` };
    doc = step(doc);
    version++;
  }
  return { ok: true, value: doc };
}
