import { useEffect } from 'react';
import type { PipelineStore } from '../pipeline/pipeline-store.ts';

/** Undo / redo from the keyboard (Ctrl/Cmd+Z, with Shift to redo), except while typing in a field or the SQL editor. */
export function useUndoKeys(pipelines: PipelineStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      const target = e.target as HTMLElement | null;
      if (target && target.closest('input, textarea, select, [contenteditable="true"]') !== null) return;
      e.preventDefault();
      if (e.shiftKey) pipelines.redo();
      else pipelines.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pipelines]);
}
