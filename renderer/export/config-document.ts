import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import type { Dataset } from '../data/types.ts';
import { pipelineIdFor, sourceEntry } from '../pipeline/pipeline-store.ts';

/**
 * The document a config is made from: the project's, with a step-less pipeline over the shown dataset when it
 * has none yet (a config then simply reads the file).
 */
export function configDocument(doc: PipelineDocument, dataset: Dataset): { doc: PipelineDocument; pipelineId: string } {
  const pipelineId = pipelineIdFor(dataset);
  if (doc.pipelines.some((p) => p.id === pipelineId)) return { doc, pipelineId };
  const source = sourceEntry(dataset);
  return {
    pipelineId,
    doc: {
      ...doc,
      sources: doc.sources.some((s) => s.id === source.id) ? doc.sources : [...doc.sources, source],
      pipelines: [...doc.pipelines, { id: pipelineId, name: `${dataset.name}_result`, input: { kind: 'source', id: source.id }, steps: [] }],
    },
  };
}

/** The folder of a path the host gave (either separator). */
export function folderOf(path: string): string {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return at <= 0 ? path.slice(0, at + 1) || '/' : path.slice(0, at);
}
