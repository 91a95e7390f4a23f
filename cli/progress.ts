import type { NativeEngine } from './engine.ts';

/** After this long a query gets a progress line (when stderr is a terminal). */
const SHOW_AFTER_MS = 1000;
const EVERY_MS = 500;

/**
 * A progress line for long queries: DuckDB's own estimate, polled while the query runs on DuckDB's
 * threads. `show(null)` clears the line. Returns the function that stops it.
 */
export function startProgress(engine: NativeEngine, label: string, show: ((line: string | null) => void) | undefined): () => void {
  if (!show) return () => undefined;
  const started = performance.now();
  let shown = false;
  const timer = setInterval(() => {
    const elapsed = performance.now() - started;
    if (elapsed < SHOW_AFTER_MS) return;
    const { percent } = engine.progress();
    shown = true;
    show(`${label}: ${percent === null || percent <= 0 ? 'running' : `${Math.floor(percent)}%`} (${(elapsed / 1000).toFixed(0)} s)`);
  }, EVERY_MS);
  return () => {
    clearInterval(timer);
    if (shown) show(null);
  };
}
