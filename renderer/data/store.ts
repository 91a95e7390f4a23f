import type { Dataset } from './types.ts';

/** A tiny observable store for useSyncExternalStore. State is replaced, never mutated. */
export class Store<S> {
  private listeners = new Set<() => void>();
  constructor(private state: S) {}
  get = (): S => this.state;
  set(next: S): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
  update(fn: (state: S) => S): void {
    this.set(fn(this.state));
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export interface AppState {
  datasets: Dataset[];
  selectedId: number | null;
  /** Errors not tied to a dataset (e.g. a file that could not even be opened). */
  errors: { id: number; message: string }[];
}

export const initialState: AppState = { datasets: [], selectedId: null, errors: [] };
