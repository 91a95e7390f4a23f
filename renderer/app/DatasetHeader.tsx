import { formatCount, formatRows } from '../../shared/format-text.ts';
import type { ConsoleResult } from '../console/console-runner.ts';
import { DatasetNotes } from '../components/DatasetNotes.tsx';
import { fixLabel } from '../data/csv-errors.ts';
import type { ColumnInfo, Dataset } from '../data/types.ts';
import type { Workbench } from '../data/workbench.ts';
import type { ViewFilter } from './use-view-filter.ts';

interface Props {
  dataset: Dataset;
  /** The columns shown (the pipeline step's, or the dataset's). */
  columns: ColumnInfo[];
  /** Rows of the pipeline's shown step: undefined without a pipeline, null while counting. */
  pipelineRows: number | null | undefined;
  filter: ViewFilter | null;
  workbench: Workbench;
  onOverview: () => void;
  onShowQueryResult: (() => void) | null;
  onFilterToStep: (filter: ViewFilter) => void;
  onClearFilter: () => void;
  onEditCsv: (datasetId: number) => void;
}

function rowText(dataset: Dataset, filter: ViewFilter | null, pipelineRows: number | null | undefined): string {
  if (filter) return filter.count !== null ? formatRows(filter.count) : 'Counting rows…';
  if (pipelineRows !== undefined) return pipelineRows !== null ? formatRows(pipelineRows) : 'Counting rows…';
  if (dataset.rowCount !== null) return formatRows(dataset.rowCount);
  return dataset.status === 'error' ? '' : 'Counting rows…';
}

/** The shown dataset's name, rows and columns (after its pipeline and view filter), its filter chip and its errors. */
export function DatasetHeader({ dataset, columns, pipelineRows, filter, workbench, onOverview, onShowQueryResult, onFilterToStep, onClearFilter, onEditCsv }: Props) {
  return (
    <>
      <div className="dataset-header">
        <h2>{dataset.name}</h2>
        <span className="row-count" aria-live="polite">
          {rowText(dataset, filter, pipelineRows)}
        </span>
        {(filter || pipelineRows !== undefined) && dataset.rowCount !== null ? <span className="muted">of {formatCount(dataset.rowCount)} in the source</span> : null}
        <span className="muted">{columns.length > 0 ? `${columns.length} column${columns.length === 1 ? '' : "s"}` : ''}</span>
        {dataset.progress ? <span className="muted">{dataset.progress.label}</span> : dataset.housekeeping ? <span className="muted">{dataset.housekeeping}</span> : null}
        {dataset.columns.length > 0 && dataset.status === 'ready' ? (
          <button type="button" onClick={onOverview}>
            Overview
          </button>
        ) : null}
        {onShowQueryResult ? (
          <button type="button" onClick={onShowQueryResult}>
            Show query result
          </button>
        ) : null}
      </div>
      {filter ? (
        <div className="filter-chip" role="status">
          <span>Filter: {filter.label}</span>
          <button type="button" onClick={() => onFilterToStep(filter)}>
            Make it a pipeline step
          </button>
          <button type="button" onClick={onClearFilter}>
            Clear filter
          </button>
        </div>
      ) : null}
      <DatasetNotes dataset={dataset} />
      {dataset.error ? (
        <div role="alert" className="banner error">
          <span>{dataset.error.message}</span>
          {(dataset.error.fixes ?? []).map((fix) => (
            <button key={fix} type="button" onClick={() => void workbench.applyFix(dataset.id, fix)}>
              {fixLabel(fix)}
            </button>
          ))}
          {dataset.format === 'csv' && dataset.status === 'error' ? (
            <button type="button" onClick={() => onEditCsv(dataset.id)}>
              Read options…
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** The header of a console query's result. */
export function QueryResultHeader({ result, backTo, onBack }: { result: ConsoleResult; backTo: string | null; onBack: () => void }) {
  return (
    <div className="dataset-header">
      <h2>{result.title ?? 'Query result'}</h2>
      <span className="row-count">{formatRows(result.rowCount)}</span>
      <span className="muted">{result.columns.length} column{result.columns.length === 1 ? '' : 's'}</span>
      {backTo !== null ? (
        <button type="button" onClick={onBack}>
          Back to {backTo}
        </button>
      ) : null}
    </div>
  );
}
