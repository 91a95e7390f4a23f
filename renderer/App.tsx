import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { formatCount, formatRows } from '../shared/format-text.ts';
import { countSql } from '../shared/grid-sql.ts';
import type { HostFileRef } from '../shared/host-contract.ts';
import type { AppError } from '../shared/result.ts';
import { CsvOptionsDialog } from './components/CsvOptionsDialog.tsx';
import { ConsolePanel } from './console/ConsolePanel.tsx';
import type { ConsoleResult } from './console/console-runner.ts';
import { OverviewPanel } from './profile/OverviewPanel.tsx';
import { ProfilePanel } from './profile/ProfilePanel.tsx';
import { ProfileService } from './profile/profile-service.ts';
import { DatasetList } from './components/DatasetList.tsx';
import { RecentFiles } from './components/RecentFiles.tsx';
import { fixLabel } from './data/csv-errors.ts';
import type { ColumnInfo, FileSource } from './data/types.ts';
import type { Workbench } from './data/workbench.ts';
import { DataGrid, type GridSource } from './grid/DataGrid.tsx';
import { host } from './host/host.ts';

const fromFile = (file: File): FileSource => ({ kind: 'blob', name: file.name, size: file.size, blob: file });
const fromHostRef = (ref: HostFileRef): FileSource => ({ kind: 'url', name: ref.name, size: ref.size, url: ref.url, path: ref.path });

/** A view filter on the shown dataset (from a profile's histogram bar or top value). */
interface ViewFilter {
  datasetId: number;
  version: number;
  where: string;
  label: string;
  count: number | null;
}

export function App({ workbench }: { workbench: Workbench }) {
  const state = useSyncExternalStore(workbench.store.subscribe, workbench.store.get);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [editingCsv, setEditingCsv] = useState<number | null>(null);
  const [gridError, setGridError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState('');
  const [consoleOpen, setConsoleOpen] = useState(false);
  const [consoleResult, setConsoleResult] = useState<ConsoleResult | null>(null);
  const [showing, setShowing] = useState<'dataset' | 'console'>('dataset');
  const [profileOf, setProfileOf] = useState<{ datasetId: number; column: ColumnInfo } | null>(null);
  const [filter, setFilter] = useState<ViewFilter | null>(null);
  const [overviewOf, setOverviewOf] = useState<number | null>(null);
  const profiles = useMemo(() => new ProfileService(workbench.engine), [workbench]);
  const selected = state.datasets.find((d) => d.id === state.selectedId) ?? null;
  const activeFilter = filter && selected && filter.datasetId === selected.id && filter.version === selected.version ? filter : null;
  const profileColumn =
    profileOf && selected && profileOf.datasetId === selected.id && selected.columns.some((c) => c.name === profileOf.column.name)
      ? (selected.columns.find((c) => c.name === profileOf.column.name) ?? null)
      : null;

  const applyFilter = useCallback(
    async (where: string, label: string) => {
      if (!selected) return;
      const base = { datasetId: selected.id, version: selected.version, where, label };
      setFilter({ ...base, count: null });
      setShowing('dataset');
      const counted = await workbench.engine.rows(countSql(selected.name, where));
      if (counted.ok) setFilter((f) => (f && f.where === where ? { ...f, count: Number(counted.value[0]?.[0] ?? 0) } : f));
      else setGridError(counted.error);
    },
    [selected, workbench],
  );

  const columnMenuExtras = useCallback(
    (column: ColumnInfo) =>
      selected
        ? [
            {
              label: 'Profile',
              onSelect: () => {
                setOverviewOf(null);
                setProfileOf({ datasetId: selected.id, column });
              },
            },
          ]
        : [],
    [selected],
  );

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

  useEffect(() => setGridError(null), [selected?.id, selected?.version, showing, consoleResult?.runId]);

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
    if (showing === 'console' && consoleResult) {
      return { relation: consoleResult.relation, columns: consoleResult.columns, rowCount: consoleResult.rowCount, complete: true, version: `console:${consoleResult.runId}` };
    }
    if (!selected || selected.columns.length === 0 || (selected.status === 'error' && selected.storage === 'none')) return null;
    return {
      relation: selected.name,
      columns: selected.columns,
      rowCount: activeFilter ? activeFilter.count : selected.rowsAvailable,
      complete: selected.progress === null && (!activeFilter || activeFilter.count !== null),
      version: `${selected.id}:${selected.version}:${selected.progress === null ? 'done' : 'loading'}`,
      ...(activeFilter ? { where: activeFilter.where } : {}),
    };
  }, [selected, showing, consoleResult, activeFilter]);

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
        <span className="toolbar-spacer" />
        <button type="button" aria-pressed={consoleOpen} onClick={() => setConsoleOpen((o) => !o)}>
          SQL console
        </button>
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
        {consoleOpen ? (
          <ConsolePanel
            engine={workbench.engine}
            datasets={state.datasets}
            onResult={(r) => {
              setConsoleResult(r);
              setShowing('console');
            }}
          />
        ) : null}
        {showing === 'console' && consoleResult ? (
          <div className="dataset-header">
            <h2>Query result</h2>
            <span className="row-count">{formatRows(consoleResult.rowCount)}</span>
            <span className="muted">{consoleResult.columns.length} columns</span>
            {selected ? (
              <button type="button" onClick={() => setShowing('dataset')}>
                Back to {selected.name}
              </button>
            ) : null}
          </div>
        ) : selected ? (
          <>
            <div className="dataset-header">
              <h2>{selected.name}</h2>
              <span className="row-count" aria-live="polite">
                {activeFilter
                  ? activeFilter.count !== null
                    ? formatRows(activeFilter.count)
                    : 'Counting rows…'
                  : selected.rowCount !== null
                    ? formatRows(selected.rowCount)
                    : selected.status === 'error'
                      ? ''
                      : 'Counting rows…'}
              </span>
              {activeFilter && selected.rowCount !== null ? <span className="muted">of {formatCount(selected.rowCount)}</span> : null}
              <span className="muted">{selected.columns.length > 0 ? `${selected.columns.length} columns` : ''}</span>
              {selected.progress ? <span className="muted">{selected.progress.label}</span> : null}
              {selected.columns.length > 0 && selected.status === 'ready' ? (
                <button type="button" onClick={() => setOverviewOf(selected.id)}>
                  Overview
                </button>
              ) : null}
              {consoleResult ? (
                <button type="button" onClick={() => setShowing('console')}>
                  Show query result
                </button>
              ) : null}
            </div>
            {activeFilter ? (
              <div className="filter-chip" role="status">
                <span>Filter: {activeFilter.label}</span>
                <button type="button" onClick={() => setFilter(null)}>
                  Clear filter
                </button>
              </div>
            ) : null}
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
          </>
        ) : (
          <div className="empty-state">
            <h2>Open a data file to begin</h2>
            <p className="muted">CSV / TSV, Parquet, JSON, NDJSON and Arrow IPC. Files are read in place, never uploaded.</p>
            <button type="button" className="primary" onClick={() => void openDialog()}>Open file</button>
          </div>
        )}
        {gridError ? (
          <div role="alert" className="banner error">
            {showing === 'console' ? 'Query result' : selected?.fileName}: {gridError.message}
          </div>
        ) : null}
        <div className="work-area">
          {gridSource ? (
            <DataGrid
              engine={workbench.engine}
              source={gridSource}
              onError={setGridError}
              onNotice={setNotice}
              extraMenuItems={showing === 'dataset' ? columnMenuExtras : undefined}
              onFirstRows={() => selected && showing === 'dataset' && workbench.firstRowsShown(selected.id)}
            />
          ) : selected?.status === 'loading' && showing === 'dataset' ? (
            <p className="placeholder muted">Loading {selected.fileName}…</p>
          ) : null}
          {overviewOf !== null && selected && overviewOf === selected.id && showing === 'dataset' && selected.progress === null ? (
            <OverviewPanel
              engine={workbench.engine}
              relation={selected.name}
              version={`${selected.id}:${selected.version}`}
              columns={selected.columns}
              onProfile={(column) => {
                setOverviewOf(null);
                setProfileOf({ datasetId: selected.id, column });
              }}
              onClose={() => setOverviewOf(null)}
            />
          ) : profileColumn && selected && showing === 'dataset' ? (
            <ProfilePanel
              service={profiles}
              relation={selected.name}
              version={`${selected.id}:${selected.version}`}
              column={profileColumn}
              rowCount={selected.progress === null ? selected.rowCount : null}
              onFilter={(where, label) => void applyFilter(where, label)}
              onClose={() => setProfileOf(null)}
            />
          ) : null}
        </div>
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
