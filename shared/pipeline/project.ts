import type { Result } from '../result.ts';
import { LIMITS } from './limits.ts';
import type { InputRef, PipelineDocument } from './document.ts';
import { describeProblems, parseDocument } from './validate.ts';

/**
 * A project file (`*.sluice.json`): the pipeline document plus the UI state worth restoring.
 * The document inside is the same one the CLI runs.
 */
export const PROJECT_FORMAT = 'sluice.project';
export const PROJECT_VERSION = 1;

export interface ProjectUiState {
  /** Selected step per pipeline (null: its input). */
  selected: Record<string, string | null>;
  /** The source shown when the project was saved. */
  shownSource: string | null;
}

export interface ProjectFile {
  format: typeof PROJECT_FORMAT;
  version: typeof PROJECT_VERSION;
  savedAt: string;
  pipeline: PipelineDocument;
  ui: ProjectUiState;
}

export function projectJson(pipeline: PipelineDocument, ui: ProjectUiState, savedAt = new Date().toISOString()): string {
  const project: ProjectFile = { format: PROJECT_FORMAT, version: PROJECT_VERSION, savedAt, pipeline, ui };
  return `${JSON.stringify(project, null, 2)}\n`;
}

/** Parse and validate a project file's text; the message names the JSON path of each problem. */
export function parseProject(text: string): Result<{ pipeline: PipelineDocument; ui: ProjectUiState }, string> {
  if (text.length > LIMITS.documentChars) {
    return { ok: false, error: `The file is ${(text.length / 1e6).toFixed(1)} million characters long; Sluice opens projects of up to ${LIMITS.documentChars / 1e6} million.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (value === null || typeof value !== 'object') return { ok: false, error: 'A project must be a JSON object.' };
  const project = value as Partial<ProjectFile> & Record<string, unknown>;
  // A bare pipeline document is accepted as a project without UI state.
  const raw = project.format === PROJECT_FORMAT ? project.pipeline : value;
  if (project.format === PROJECT_FORMAT && project.version !== PROJECT_VERSION) return { ok: false, error: `Unknown project version ${JSON.stringify(project.version)}.` };
  const parsed = parseDocument(raw);
  if (!parsed.ok) return { ok: false, error: describeProblems(parsed.error) };
  const ui = project.format === PROJECT_FORMAT && project.ui && typeof project.ui === 'object' ? (project.ui as ProjectUiState) : { selected: {}, shownSource: null };
  return { ok: true, value: { pipeline: parsed.value, ui: { selected: ui.selected ?? {}, shownSource: ui.shownSource ?? null } } };
}

/** Rename source and pipeline ids throughout a document (when its files are opened under new ids). */
export function renameIds(doc: PipelineDocument, sources: Record<string, string>, pipelines: Record<string, string>): PipelineDocument {
  const ref = (r: InputRef): InputRef => (r.kind === 'source' ? { kind: 'source', id: sources[r.id] ?? r.id } : { kind: 'pipeline', id: pipelines[r.id] ?? r.id });
  return {
    ...doc,
    sources: doc.sources.map((s) => ({ ...s, id: sources[s.id] ?? s.id })),
    pipelines: doc.pipelines.map((p) => ({
      ...p,
      id: pipelines[p.id] ?? p.id,
      input: ref(p.input),
      steps: p.steps.map((s) => (s.kind === 'join' ? { ...s, with: ref(s.with) } : s.kind === 'union' ? { ...s, with: s.with.map(ref) } : s)),
    })),
    checks: doc.checks.map((c) => {
      const moved = { ...c, pipeline: pipelines[c.pipeline] ?? c.pipeline };
      return moved.kind === 'relationship' ? { ...moved, to: { ...moved.to, id: moved.to.kind === 'source' ? (sources[moved.to.id] ?? moved.to.id) : (pipelines[moved.to.id] ?? moved.to.id) } } : moved;
    }),
    outputs: doc.outputs.map((o) => ({ ...o, pipeline: pipelines[o.pipeline] ?? o.pipeline })),
  };
}
