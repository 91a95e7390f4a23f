import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startDuckDb } from './engine/bootstrap.ts';
import { EngineClient } from './engine/client.ts';
import { Workbench } from './data/workbench.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
root.render(<p className="boot">Starting DuckDB…</p>);

/** `?materializeLimitMB=N`: CSV files larger than N MB stay on disk instead of being copied into memory. */
function materializeLimit(): number | undefined {
  const mb = Number(new URLSearchParams(window.location.search).get('materializeLimitMB'));
  return Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : undefined;
}

startDuckDb()
  .then((db) => {
    const limit = materializeLimit();
    const workbench = new Workbench(
      new EngineClient(db),
      () => new Worker(new URL('./workers/ingest.worker.ts', import.meta.url), { type: 'module' }),
      limit !== undefined ? { materializeLimit: limit } : {},
    );
    workbench.warmUp();
    // Exposed for diagnostics and the benchmark harness; not an API.
    (window as unknown as { sluice: unknown }).sluice = { workbench };
    root.render(
      <StrictMode>
        <App workbench={workbench} />
      </StrictMode>,
    );
  })
  .catch((e: unknown) => {
    root.render(
      <p role="alert" className="boot error">
        DuckDB could not start: {e instanceof Error ? e.message : String(e)}
      </p>,
    );
  });
