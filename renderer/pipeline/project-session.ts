import { parseProject, projectJson, renameIds, type ProjectUiState } from '../../shared/pipeline/project.ts';
import { notAllowedMessage, type HostApi, type HostFileRef, type ProjectPathAccess } from '../../shared/host-contract.ts';
import type { PipelineDocument, Source } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import type { Dataset } from '../data/types.ts';
import type { Workbench } from '../data/workbench.ts';
import { pipelineIdFor, sourceIdFor, type PipelineStore } from './pipeline-store.ts';

/** Saving, autosaving and reopening projects: the pipeline document plus which files it reads. */

const AUTOSAVE_KEY = 'sluice.autosave.v1';

export function currentProjectJson(pipelines: PipelineStore, shownSource: string | null): string {
  const { doc, selected } = pipelines.store.get();
  return projectJson(doc, { selected, shownSource });
}

/** Offer the project as a `<name>.sluice.json` download (a save dialog in the desktop app). */
export function downloadProject(json: string, name: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'project'}.sluice.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Keep the latest project in local storage, so a crash or a closed window loses nothing. */
export function startAutosave(pipelines: PipelineStore, shownSource: () => string | null): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = pipelines.store.get().doc;
  const unsubscribe = pipelines.store.subscribe(() => {
    const doc = pipelines.store.get().doc;
    if (doc === last) return;
    last = doc;
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        if (doc.pipelines.some((p) => p.steps.length > 0) || doc.checks.length > 0) localStorage.setItem(AUTOSAVE_KEY, currentProjectJson(pipelines, shownSource()));
      } catch {
        // Storage full or unavailable: the user can still save the project to a file.
      }
    }, 300);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

export function autosavedProject(): string | null {
  try {
    return localStorage.getItem(AUTOSAVE_KEY);
  } catch {
    return null;
  }
}

export function discardAutosave(): void {
  try {
    localStorage.removeItem(AUTOSAVE_KEY);
  } catch {
    // nothing to discard
  }
}

/** A project being reopened: its document, and the datasets found so far for its sources. */
export interface PendingProject {
  pipeline: PipelineDocument;
  ui: ProjectUiState;
  /** Source id in the file → loaded dataset id. */
  bound: Record<string, number>;
  /** Desktop, for a project main read: what the user allowed of the paths it declares. */
  access?: readonly ProjectPathAccess[];
  /** Its sources were already looked for by path (later passes only bind what the user locates). */
  triedPaths?: boolean;
}

export function readProject(text: string, access?: readonly ProjectPathAccess[]): Result<PendingProject, string> {
  const parsed = parseProject(text);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { ...parsed.value, bound: {}, ...(access ? { access } : {}) } };
}

/**
 * Open a project file. Desktop: main shows its dialog, reads the file and asks the user which of its files
 * Sluice may use, before any is read. Web: the page's file input (the browser hands over only what the user picks).
 */
export async function pickProject(
  host: HostApi,
  fileInput: () => void,
  open: (text: string, what: string, access: readonly ProjectPathAccess[]) => void,
  fail: (message: string) => void,
): Promise<void> {
  if (host.kind === 'web') return fileInput();
  const picked = await host.openProjectDialog();
  if (!picked.ok) return fail(picked.error.message);
  if (picked.value) open(picked.value.text, picked.value.name, picked.value.access);
}

/**
 * Desktop: open the project's missing sources by path, once. For a project main read, only the paths the
 * user allowed (refused ones are named); otherwise (the last session) main opens only what the user picked
 * or allowed before. Returns the sentences to show for files Sluice did not open because the user did not allow them;
 * files that are just not there stay missing for the locate dialog.
 */
export async function openSourcesByPath(
  project: PendingProject,
  host: HostApi,
  open: (ref: HostFileRef) => Promise<number>,
): Promise<{ project: PendingProject; refusals: string[] }> {
  if (project.triedPaths) return { project, refusals: [] };
  const bound = { ...project.bound };
  const refusals: string[] = [];
  for (const source of missingSources(project)) {
    const decision = project.access?.find((a) => a.mode === 'read' && a.declared === source.file.path);
    if (decision && !decision.allowed) {
      refusals.push(notAllowedMessage(decision.shown, 'project'));
      continue;
    }
    const opened = await host.openPath(decision?.path ?? source.file.path);
    if (opened.ok) bound[source.id] = await open(opened.value);
    else if (opened.error.kind === 'not-allowed') refusals.push(opened.error.message);
  }
  return { project: { ...project, bound, triedPaths: true }, refusals };
}

/** Bind sources to datasets already open from a file of the same name. */
export function bindOpenDatasets(project: PendingProject, datasets: readonly Dataset[]): PendingProject {
  const bound = { ...project.bound };
  const used = new Set(Object.values(bound));
  for (const source of project.pipeline.sources) {
    if (bound[source.id] !== undefined) continue;
    const match = datasets.find((d) => !used.has(d.id) && d.status === 'ready' && d.fileName === source.file.name);
    if (match) {
      bound[source.id] = match.id;
      used.add(match.id);
    }
  }
  return { ...project, bound };
}

export function missingSources(project: PendingProject): Source[] {
  return project.pipeline.sources.filter((s) => project.bound[s.id] === undefined);
}

/**
 * Finish reopening: rename the datasets to the project's table names, move the document onto the
 * datasets' ids, and load it (history starts afresh). Sources still missing keep their ids; steps
 * that read them show as broken until the file is found.
 */
export async function applyProject(project: PendingProject, workbench: Workbench, pipelines: PipelineStore): Promise<void> {
  const sourceIds: Record<string, string> = {};
  const pipelineIds: Record<string, string> = {};
  for (const source of project.pipeline.sources) {
    const datasetId = project.bound[source.id];
    const dataset = datasetId === undefined ? undefined : workbench.dataset(datasetId);
    if (!dataset) continue;
    if (dataset.name !== source.name) await workbench.rename(dataset.id, source.name);
    const renamed = workbench.dataset(dataset.id) ?? dataset;
    sourceIds[source.id] = sourceIdFor(renamed);
    const main = project.pipeline.pipelines.find((p) => p.input.kind === 'source' && p.input.id === source.id);
    if (main) pipelineIds[main.id] = pipelineIdFor(renamed);
  }
  const doc = renameIds(project.pipeline, sourceIds, pipelineIds);
  const selected = Object.fromEntries(Object.entries(project.ui.selected).map(([k, v]) => [pipelineIds[k] ?? k, v]));
  pipelines.load(doc, selected);
  pipelines.syncSources(workbench.store.get().datasets);
  const shown = project.ui.shownSource ? project.bound[project.ui.shownSource] : undefined;
  if (shown !== undefined) workbench.select(shown);
}
