import { useCallback, useState } from 'react';
import { countSql } from '../../shared/grid-sql.ts';
import { conditionSql } from '../../shared/pipeline/compile.ts';
import type { Condition } from '../../shared/pipeline/document.ts';
import type { AppError } from '../../shared/result.ts';
import type { Dataset } from '../data/types.ts';
import type { EngineClient } from '../engine/client.ts';

/**
 * A view filter on the shown rows (from a profile's histogram bar or top value): a pipeline condition,
 * so it becomes a step as is. It holds only for the relation it was made on.
 */
export interface ViewFilter {
  datasetId: number;
  version: number;
  relation: string;
  condition: Condition;
  label: string;
  /** Rows it keeps, once counted. */
  count: number | null;
}

/** The view filter of the shown relation: the active one (or null), and setting and clearing it. */
export function useViewFilter(engine: EngineClient, selected: Dataset | null, relation: string, onError: (error: AppError) => void) {
  const [filter, setFilter] = useState<ViewFilter | null>(null);
  const active = filter !== null && selected !== null && filter.datasetId === selected.id && filter.version === selected.version && filter.relation === relation ? filter : null;

  const apply = useCallback(
    async (condition: Condition, label: string) => {
      if (!selected) return;
      setFilter({ datasetId: selected.id, version: selected.version, relation, condition, label, count: null });
      const counted = await engine.rows(countSql(relation, conditionSql(condition)));
      if (counted.ok) setFilter((f) => (f && f.condition === condition ? { ...f, count: Number(counted.value[0]?.[0] ?? 0) } : f));
      else onError(counted.error);
    },
    [engine, selected, relation, onError],
  );
  const clear = useCallback(() => setFilter(null), []);

  return { active, apply, clear };
}
