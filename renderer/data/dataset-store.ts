import { withoutInternalNames } from '../../shared/engine-errors.ts';
import type { AppError } from '../../shared/result.ts';
import { initialState, Store, type AppState } from './store.ts';
import type { Dataset } from './types.ts';

/** The dataset list and the errors not tied to a dataset: what the UI renders, changed only through these methods. */
export class DatasetStore extends Store<AppState> {
  private nextErrorId = 1;

  constructor() {
    super(initialState);
  }

  dataset(id: number): Dataset | undefined {
    return this.get().datasets.find((d) => d.id === id);
  }

  /** Add a dataset and show it. */
  add(dataset: Dataset): void {
    this.update((s) => ({ ...s, datasets: [...s.datasets, dataset], selectedId: dataset.id }));
  }

  /** Take a dataset off the list; the last remaining one is shown if it was shown. */
  drop(id: number): void {
    this.update((s) => {
      const datasets = s.datasets.filter((d) => d.id !== id);
      const selectedId = s.selectedId === id ? (datasets[datasets.length - 1]?.id ?? null) : s.selectedId;
      return { ...s, datasets, selectedId };
    });
  }

  patch(id: number, patch: Partial<Dataset> | ((d: Dataset) => Partial<Dataset>)): void {
    this.update((s) => ({
      ...s,
      datasets: s.datasets.map((d) => (d.id === id ? { ...d, ...(typeof patch === 'function' ? patch(d) : patch) } : d)),
    }));
  }

  /** The load failed: the dataset shows the error (and keeps any rows it already has). */
  fail(id: number, error: AppError): void {
    const message = withoutInternalNames(error.message, (n) => this.dataset(n)?.name);
    this.patch(id, { status: 'error', error: { ...error, message }, progress: null });
  }

  select(id: number | null): void {
    this.update((s) => ({ ...s, selectedId: id }));
  }

  reportError(message: string): void {
    const id = this.nextErrorId++;
    this.update((s) => ({ ...s, errors: [...s.errors, { id, message }] }));
  }

  dismissError(errorId: number): void {
    this.update((s) => ({ ...s, errors: s.errors.filter((e) => e.id !== errorId) }));
  }
}
