import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { formatRows } from '../shared/format-text.ts';
import type { HostFileRef } from '../shared/host-contract.ts';
import type { AppError } from '../shared/result.ts';
import { CsvOptionsDialog } from './components/CsvOptionsDialog.tsx';
import { DatasetList } from './components/DatasetList.tsx';
import { RecentFiles } from './components/RecentFiles.tsx';
import { fixLabel } from './data/csv-errors.ts';
import type { FileSource } from './data/types.ts';
import type { Workbench } from './data/workbench.ts';
import { DataGrid, type GridSource } from './grid/DataGrid.tsx';
import { host } from './host/host.ts';

const fromFile = (file: File): FileSource => ({ kind: 'blob', name: file.name, size: file.size, blob: file });
const fromHostRef = (ref: HostFileRef): FileSource => ({ kind: 'url', name: ref.name, size: ref.size, url: ref.url, path: ref.path });

export function App({ workbench }: { workbench: Workbench }) {
  const state = useSyncExternalStore(workbench.store.subscribe, workbench.store.get);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [editingCsv, setEditingCsv] = useState<number | null>(null);
  const [gridError, setGridError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState('');
  const selected = state.datasets.find((d) => d.id === state.selectedId) ?? null;

  const openFiles = useCallback((files: FileSource[]) => void workbench.openFiles(files), [workbench]);

  const openDialog = useCallback(async () => {
    if (host.kind === 'web') return input.current?.click();
    const picked = await host.openFileDialog();
    if (!picked.ok) return workbench.reportError(picked.error.message);
    openFiles(picked.value.map(fromHostRef));
  }, [openFiles, workbench]);

  useEffect(() => host.onMenuCommand((command) => {
    if (command === 'open-file') void openDialog();
    if (command === 'close-dataset' && state.selectedId !== null) void workbench.remove(state.selectedId);
  }), [openDialog, state.selectedId, workbench]);

  useEffect(() => setGridError(null), [selected?.id, selected?.version]);

  // Drag-and-drop anywhere on the window.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => hasFiles(e) && e.preventDefault();
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length > 0) openFiles(files.map(fromFile));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openFiles]);

  const gridSource = useMemo<GridSource | null>(() => {
    if (!selected || selected.columns.length === 0 || (selected.status === 'error' && selected.storage === 'none')) return null;
    return {
      relation: selected.name,
      columns: selected.columns,
      rowCount: selected.rowsAvailable,
      complete: selected.progress === null,
      version: `${selected.id}:${selected.version}:${selected.progress === null ? 'done' : 'loading'}`,
    };
  }, [selected]);

  const editing = state.datasets.find((d) => d.id === editingCsv);

  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="brand">Sluice</h1>
        <button type="button" className="primary" onClick={() => void openDialog()}>
          Open file
        </button>
        <input
          ref={input}
          type="file"
          multiple
          aria-label="Open files"
          className="visually-hidden"
          accept=".csv,.tsv,.txt,.psv,.tab,.gz,.parquet,.pq,.json,.ndjson,.jsonl,.arrow,.arrows,.feather,.ipc"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) openFiles(files.map(fromFile));
          }}
        />
        <span className="toolbar-hint muted">or drop files anywhere</span>
      </header>

      <aside className="sidebar">
        <DatasetList workbench={workbench} datasets={state.datasets} selectedId={state.selectedId} onEditCsv={setEditingCsv} />
        <RecentFiles
          host={host}
          refreshKey={state.datasets.length}
          onOpen={(file) => openFiles([fromHostRef(file)])}
          onError={(message) => workbench.reportError(message)}
        />
      </aside>

      <main className="main">
        {state.errors.map((e) => (
          <div key={e.id} role="alert" className="banner error">
            {e.message}
            <button type="button" onClick={() => workbench.dismissError(e.id)} aria-label="Dismiss">×</button>
          </div>
        ))}
        {selected ? (
          <>
            <div className="dataset-header">
              <h2>{selected.name}</h2>
              <span className="row-count" aria-live="polite">
                {selected.rowCount !== null
                  ? formatRows(selected.rowCount)
                  : selected.status === 'error'
                    ? ''
                    : 'Counting rows…'}
              </span>
              <span className="muted">{selected.columns.length > 0 ? `${selected.columns.length} columns` : ''}</span>
              {selected.progress ? <span className="muted">{selected.progress.label}</span> : null}
            </div>
            {selected.notice ? <p className="banner info">{selected.notice}</p> : null}
            {selected.error ? (
              <div role="alert" className="banner error">
                <span>{selected.error.message}</span>
                {(selected.error.fixes ?? []).map((fix) => (
                  <button key={fix} type="button" onClick={() => void workbench.applyFix(selected.id, fix)}>
                    {fixLabel(fix)}
                  </button>
                ))}
                {selected.format === 'csv' && selected.status === 'error' ? (
                  <button type="button" onClick={() => setEditingCsv(selected.id)}>Read options…</button>
                ) : null}
              </div>
            ) : null}
            {gridError ? (
              <div role="alert" className="banner error">
                {selected.fileName}: {gridError.message}
              </div>
            ) : null}
            {gridSource ? (
              <DataGrid
                engine={workbench.engine}
                source={gridSource}
                onError={setGridError}
                onNotice={setNotice}
                onFirstRows={() => workbench.firstRowsShown(selected.id)}
              />
            ) : selected.status === 'loading' ? (
              <p className="placeholder muted">Loading {selected.fileName}…</p>
            ) : null}
          </>
        ) : (
          <div className="empty-state">
            <h2>Open a data file to begin</h2>
            <p className="muted">CSV / TSV, Parquet, JSON, NDJSON and Arrow IPC. Files are read in place, never uploaded.</p>
            <button type="button" className="primary" onClick={() => void openDialog()}>Open file</button>
          </div>
        )}
      </main>

      <footer className="statusbar" role="status">
        {notice}
      </footer>

      {dragging ? <div className="drop-overlay">Drop files to open them</div> : null}
      {editing ? (
        <CsvOptionsDialog
          dataset={editing}
          onClose={() => setEditingCsv(null)}
          onApply={(options) => {
            setEditingCsv(null);
            void workbench.reapplyCsv(editing.id, options);
          }}
        />
      ) : null}
    </div>
  );
}
