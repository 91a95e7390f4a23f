import { conditionSql } from '../../shared/pipeline/compile.ts';
import type { ConsoleResult } from '../console/console-runner.ts';
import type { Dataset } from '../data/types.ts';
import type { GridSource } from '../grid/DataGrid.tsx';
import type { PipelinePreview } from '../pipeline/preview.ts';
import type { ViewFilter } from './use-view-filter.ts';

export interface GridInputs {
  /** The console result, when it is what is shown. */
  consoleResult: ConsoleResult | null;
  dataset: Dataset | null;
  /** The table behind the dataset's view, when it is one. */
  physicalTable: string | undefined;
  /** The pipeline's shown step, when the dataset has steps. */
  preview: PipelinePreview | null;
  previewRows: number | null;
  filter: ViewFilter | null;
}

/** What the grid pages: a console result, the pipeline's shown step, or the dataset, each under the view filter. */
export function gridSourceFor({ consoleResult, dataset, physicalTable, preview, previewRows, filter }: GridInputs): GridSource | null {
  if (consoleResult) {
    return { relation: consoleResult.relation, columns: consoleResult.columns, rowCount: consoleResult.rowCount, complete: true, version: `console:${consoleResult.runId}` };
  }
  if (!dataset || dataset.columns.length === 0 || (dataset.status === 'error' && dataset.storage === 'none')) return null;
  const where = filter ? { where: conditionSql(filter.condition) } : {};
  if (preview) {
    return {
      relation: preview.relation,
      columns: preview.columns,
      rowCount: filter ? filter.count : previewRows,
      complete: filter ? filter.count !== null : previewRows !== null,
      version: preview.relation,
      ...where,
    };
  }
  return {
    relation: dataset.name,
    ...(physicalTable ? { physicalTable } : {}),
    columns: dataset.columns,
    rowCount: filter ? filter.count : dataset.rowsAvailable,
    complete: dataset.progress === null && (!filter || filter.count !== null),
    version: `${dataset.id}:${dataset.version}:${dataset.progress === null ? 'done' : 'loading'}`,
    ...where,
  };
}
