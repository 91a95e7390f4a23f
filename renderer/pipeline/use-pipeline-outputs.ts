import { useEffect, useState } from 'react';
import { compilePipeline, pipelineQuery } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import type { EngineClient } from '../engine/client.ts';
import type { ColumnInfo } from '../data/types.ts';
import { appContext } from './preview.ts';

/**
 * The output columns of every other pipeline with steps (for joins and unions with a pipeline),
 * bound by DuckDB while `enabled` (a join or union form is open). Pipelines that cannot run are left out.
 */
export function usePipelineOutputs(engine: EngineClient, doc: PipelineDocument, exclude: string | null, enabled: boolean): { id: string; name: string; columns: ColumnInfo[] }[] {
  const [outputs, setOutputs] = useState<{ id: string; name: string; columns: ColumnInfo[] }[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    void (async () => {
      const found: { id: string; name: string; columns: ColumnInfo[] }[] = [];
      for (const p of doc.pipelines) {
        if (p.id === exclude || p.steps.length === 0) continue;
        let sql: string;
        try {
          sql = pipelineQuery(compilePipeline(doc, p.id, appContext));
        } catch {
          continue;
        }
        const described = await engine.rows(`DESCRIBE ${sql}`, { signal: controller.signal });
        if (described.ok) found.push({ id: p.id, name: p.name, columns: described.value.map((r) => ({ name: String(r[0]), type: String(r[1]) })) });
      }
      if (!controller.signal.aborted) setOutputs(found);
    })();
    return () => controller.abort();
  }, [engine, doc, exclude, enabled]);
  return enabled ? outputs : [];
}
