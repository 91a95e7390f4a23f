import { useEffect, useMemo, useRef, useState } from 'react';
import { formatRows } from '../../shared/format-text.ts';
import type { AppError } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { Dataset } from '../data/types.ts';
import { runConsoleSql, type ConsoleResult } from './console-runner.ts';
import { loadHistory, remember } from './history.ts';
import { SqlEditor, type SqlEditorHandle } from './SqlEditor.tsx';

interface Props {
  engine: EngineClient;
  datasets: Dataset[];
  /** Show a result in the grid; settles when its first rows are on screen (or it was given up). */
  onResult: (result: ConsoleResult) => Promise<unknown>;
  /** Give up showing the result whose rows are still on their way. */
  onCancelResult: () => void;
  /** The statements may have created, dropped or replaced tables and views (the datasets' among them). */
  onCatalogChange?: () => void;
  onClose: () => void;
}

/** The "SQL console" region: DuckDB SQL over the loaded datasets by table name; results go to the grid. */
export function ConsolePanel({ engine, datasets, onResult, onCancelResult, onCatalogChange, onClose }: Props) {
  const editor = useRef<SqlEditorHandle>(null);
  const [history, setHistory] = useState(loadHistory);
  const [running, setRunning] = useState<AbortController | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [status, setStatus] = useState('');
  const [elapsed, setElapsed] = useState(0);

  // While a query runs, show how long it has been running (DuckDB-WASM reports no progress fraction).
  useEffect(() => {
    if (!running) return;
    const started = performance.now();
    setElapsed(0);
    const timer = setInterval(() => setElapsed((performance.now() - started) / 1000), 250);
    return () => clearInterval(timer);
  }, [running]);

  const schema = useMemo(
    () => Object.fromEntries(datasets.filter((d) => d.columns.length > 0).map((d) => [d.name, d.columns.map((c) => c.name)])),
    [datasets],
  );

  const run = async () => {
    const sql = editor.current?.text() ?? '';
    running?.abort();
    const controller = new AbortController();
    setRunning(controller);
    setError(null);
    setStatus('');
    editor.current?.markError(null, '');
    if (sql.trim() !== '') setHistory((h) => remember(sql.trim(), h));
    const result = await runConsoleSql(engine, sql, controller.signal);
    const done = () => setRunning((current) => (current === controller ? null : current));
    if (!result.ok) {
      done();
      if (result.error.kind === 'cancelled') return setStatus('Query cancelled.');
      setStatus('');
      setError(result.error);
      editor.current?.markError(result.error.position ?? null, result.error.message);
      return;
    }
    const r = result.value;
    if (r.changedCatalog) onCatalogChange?.();
    if (r.message || controller.signal.aborted) {
      done();
      return setStatus(controller.signal.aborted ? 'Query cancelled.' : (r.message ?? ''));
    }
    // Cancel stays until the rows are on screen: the grid's first page runs the query again.
    const giveUp = () => onCancelResult();
    controller.signal.addEventListener('abort', giveUp, { once: true });
    const shown = await onResult(r);
    controller.signal.removeEventListener('abort', giveUp);
    done();
    setStatus(shown === false && controller.signal.aborted ? 'Query cancelled.' : `${formatRows(r.rowCount)} in ${(r.elapsedMs / 1000).toFixed(2)} s`);
  };

  return (
    <section className="console" aria-label="SQL console">
      <div className="console-toolbar">
        <h2>SQL console</h2>
        <button type="button" className="primary" onClick={() => void run()} title="Run (Ctrl+Enter)">
          Run
        </button>
        {running ? (
          <button type="button" onClick={() => running.abort()}>
            Cancel
          </button>
        ) : null}
        <label className="console-history">
          <span className="sr-only">History</span>
          <select
            aria-label="History"
            value=""
            onChange={(e) => {
              if (e.target.value !== '') editor.current?.setText(e.target.value);
              editor.current?.focus();
            }}
          >
            <option value="">History ({history.length})</option>
            {history.map((q) => (
              <option key={q} value={q}>
                {q.length > 80 ? `${q.slice(0, 80)}…` : q}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" aria-live="polite">
          {running ? <span className="spinner" aria-hidden="true" /> : null}
          {running ? `Running… ${elapsed.toFixed(1)} s` : status}
        </span>
        <span className="toolbar-spacer" />
        <button type="button" onClick={onClose} aria-label="Hide the console">
          ×
        </button>
      </div>
      <SqlEditor ref={editor} initial={history[0] ?? ''} schema={schema} onRun={() => void run()} />
      {error ? (
        <div role="alert" className="banner error">
          {error.message}
        </div>
      ) : null}
    </section>
  );
}
