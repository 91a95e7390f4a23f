import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectPathAccess } from '../../shared/host-contract.ts';
import type { Dataset } from '../data/types.ts';
import type { Workbench } from '../data/workbench.ts';
import { host } from '../host/host.ts';
import { sourceIdFor, type PipelineStore } from '../pipeline/pipeline-store.ts';
import {
  applyProject,
  autosavedProject,
  bindOpenDatasets,
  currentProjectJson,
  discardAutosave,
  downloadProject,
  missingSources,
  openSourcesByPath,
  pickProject,
  readProject,
  startAutosave,
  type PendingProject,
} from '../pipeline/project-session.ts';
import { fromFile, fromHostRef } from './file-sources.ts';

/**
 * Projects in the app: opening one (finding its files: already open, by path on the desktop, or by
 * asking), saving, autosave on every edit, and restoring the last session.
 */
export function useProjectSession(workbench: Workbench, pipelines: PipelineStore, selected: Dataset | null, onNotice: (text: string) => void) {
  const [pending, setPending] = useState<PendingProject | null>(null);
  const [restorable, setRestorable] = useState<string | null>(() => autosavedProject());

  const shownSource = useRef<string | null>(null);
  shownSource.current = selected ? sourceIdFor(selected) : null;
  useEffect(() => startAutosave(pipelines, () => shownSource.current), [pipelines]);

  const continueProject = useCallback(
    async (project: PendingProject) => {
      let next = bindOpenDatasets(project, workbench.store.get().datasets);
      if (host.kind === 'desktop') {
        const found = await openSourcesByPath(next, host, (ref) => workbench.open(fromHostRef(ref)));
        found.refusals.forEach((message) => workbench.reportError(message));
        next = found.project;
      }
      if (missingSources(next).length > 0) return setPending(next);
      setPending(null);
      await applyProject(next, workbench, pipelines);
      onNotice('Project opened.');
    },
    [workbench, pipelines, onNotice],
  );

  const openText = useCallback(
    (text: string, what: string, access?: readonly ProjectPathAccess[]) => {
      const project = readProject(text, access);
      if (!project.ok) return workbench.reportError(`${what} cannot be opened:\n${project.error}`);
      setRestorable(null);
      void continueProject(project.value);
    },
    [continueProject, workbench],
  );

  return {
    pending,
    restorable,
    openText,
    /** Desktop: main's dialog, which asks which of the project's files Sluice may use; web: the file input. */
    pick: (fileInput: () => void) => void pickProject(host, fileInput, openText, (message) => workbench.reportError(message)),
    save: () => {
      downloadProject(currentProjectJson(pipelines, shownSource.current), selected?.name ?? 'project');
      onNotice('Project saved.');
    },
    discardRestore: () => {
      discardAutosave();
      setRestorable(null);
    },
    /** The user found one of the project's files. */
    locate: (project: PendingProject, sourceId: string, file: File) =>
      void workbench.open(fromFile(file)).then((id) => continueProject({ ...project, bound: { ...project.bound, [sourceId]: id } })),
    /** Open the project without the files still missing. */
    skipMissing: (project: PendingProject) => {
      setPending(null);
      void applyProject(project, workbench, pipelines);
    },
    cancel: () => setPending(null),
  };
}
