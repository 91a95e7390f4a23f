import type { Source } from '../../shared/pipeline/document.ts';

interface Props {
  missing: Source[];
  onLocate: (source: Source, file: File) => void;
  onSkip: () => void;
  onCancel: () => void;
}

/** Asks where a project's files are now (moved, or a browser that cannot reopen files by path). */
export function LocateDialog({ missing, onLocate, onSkip, onCancel }: Props) {
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="locate-title" className="modal" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id="locate-title">Locate the project's files</h2>
        <p className="muted">The project reads these files. Pick each one where it is now.</p>
        <ul className="locate-list">
          {missing.map((source) => (
            <li key={source.id}>
              <label>
                <span>
                  <strong>{source.file.name}</strong> <span className="muted">(table {source.name}; was {source.file.path})</span>
                </span>
                <input
                  type="file"
                  aria-label={`Locate ${source.file.name}`}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) onLocate(source, file);
                  }}
                />
              </label>
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" onClick={onSkip}>
            Open without them
          </button>
        </div>
      </div>
    </div>
  );
}
