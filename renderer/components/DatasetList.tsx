import { useState } from 'react';
import { FORMAT_LABELS } from '../../shared/formats.ts';
import { formatBytes, formatCount } from '../../shared/format-text.ts';
import type { Dataset } from '../data/types.ts';
import type { Workbench } from '../data/workbench.ts';

interface Props {
  workbench: Workbench;
  datasets: Dataset[];
  selectedId: number | null;
  onEditCsv: (id: number) => void;
}

/** The "Datasets" region: one list item per loaded file, with rename, read options and remove. */
export function DatasetList({ workbench, datasets, selectedId, onEditCsv }: Props) {
  const [renaming, setRenaming] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [renameError, setRenameError] = useState<string | null>(null);

  const commitRename = async (id: number) => {
    const result = await workbench.rename(id, draft.trim());
    if (result.ok) {
      setRenaming(null);
      setRenameError(null);
    } else setRenameError(result.error.message);
  };

  return (
    <section className="datasets" aria-label="Datasets">
      <h2>Datasets</h2>
      {datasets.length === 0 ? <p className="muted">Open or drop CSV, TSV, Parquet, JSON, NDJSON or Arrow files.</p> : null}
      <ul>
        {datasets.map((d) => (
          <li key={d.id} className={`dataset ${d.id === selectedId ? 'selected' : ''} ${d.status}`} aria-current={d.id === selectedId ? 'true' : undefined}>
            {renaming === d.id ? (
              <form
                className="rename"
                onSubmit={(e) => {
                  e.preventDefault();
                  void commitRename(d.id);
                }}
              >
                <label>
                  <span className="sr-only">New table name for {d.name}</span>
                  <input
                    autoFocus
                    value={draft}
                    aria-label="New table name"
                    onChange={(e) => setDraft(e.target.value)}
                    onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                  />
                </label>
                <button type="submit">Save</button>
                {renameError ? <p role="alert" className="error-text">{renameError}</p> : null}
              </form>
            ) : (
              <button type="button" className="dataset-name" onClick={() => workbench.select(d.id)} title={d.fileName}>
                {d.name}
              </button>
            )}
            {/* Rows × columns, not "N rows": that text belongs to the shown dataset's header alone. */}
            <div className="dataset-meta" title={d.rowCount !== null ? `${formatCount(d.rowCount)} rows, ${d.columns.length} columns` : undefined}>
              {FORMAT_LABELS[d.format]} · {d.rowCount !== null ? `${formatCount(d.rowCount)} × ${d.columns.length}` : d.status === 'error' ? 'error' : 'counting…'} · {formatBytes(d.size)}
            </div>
            {d.progress ? (
              <div className="dataset-progress">
                <progress aria-label={`Loading ${d.name}`} value={d.progress.fraction ?? undefined} max={1} />
                <span>{d.progress.label}</span>
                <button type="button" onClick={() => workbench.cancel(d.id)} aria-label={`Cancel loading ${d.name}`}>
                  Cancel
                </button>
              </div>
            ) : null}
            <div className="dataset-actions">
              <button
                type="button"
                aria-label={`Rename ${d.name}`}
                onClick={() => {
                  setDraft(d.name);
                  setRenameError(null);
                  setRenaming(d.id);
                }}
              >
                Rename
              </button>
              {d.format === 'csv' ? (
                <button type="button" aria-label={`Read options for ${d.name}`} onClick={() => onEditCsv(d.id)}>
                  Options
                </button>
              ) : null}
              <button type="button" aria-label={`Remove ${d.name}`} onClick={() => void workbench.remove(d.id)}>
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
