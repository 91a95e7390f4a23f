import type { Dataset } from '../data/types.ts';

/**
 * What the user must know to trust a dataset that loaded: widened column types, skipped rows, a
 * partial (cancelled) load, a file kept on disk. A note region named for the dataset; it stays
 * while the dataset is shown.
 */
export function DatasetNotes({ dataset }: { dataset: Dataset }) {
  if (dataset.notes.length === 0) return null;
  return (
    <div role="note" aria-label={`Notes on ${dataset.name}`} aria-live="polite" className="banner info dataset-notes">
      {dataset.notes.length === 1 ? (
        <p>{dataset.notes[0]}</p>
      ) : (
        <ul>
          {dataset.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
