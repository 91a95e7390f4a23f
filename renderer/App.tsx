import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { formatCount, formatRows } from '../shared/format-text.ts';
import { countSql } from '../shared/grid-sql.ts';
import type { HostFileRef, ProjectPathAccess } from '../shared/host-contract.ts';
import type { AppError } from '../shared/result.ts';
import { CsvOptionsDialog } from './components/CsvOptionsDialog.tsx';
import { ConsolePanel } from './console/ConsolePanel.tsx';
import type { ConsoleResult } from './console/console-runner.ts';
import { PipelinePanel } from './pipeline/PipelinePanel.tsx';
import { PipelineStore, sourceIdFor } from './pipeline/pipeline-store.ts';
import { StepDialog } from './pipeline/StepDialog.tsx';
import { formFor, typedValue, type FormContext } from './pipeline/step-forms.ts';
import { usePipeline } from './pipeline/use-pipeline.ts';
import { checkStep, joinInsight } from './pipeline/check-step.ts';
import { usePipelineOutputs } from './pipeline/use-pipeline-outputs.ts';
import { SqlDialog } from './pipeline/SqlDialog.tsx';
import { LocateDialog } from './pipeline/LocateDialog.tsx';
import {
  applyProject,
  autosavedProject,
  bindOpenDatasets,
  currentProjectJson,
  discardAutosave,
  downloadProject,
  missingSources,
  openSourcesByPath,
  pickProject,
  readProject,
  startAutosave,
  type PendingProject,
} from './pipeline/project-session.ts';
import { OverviewPanel } from './profile/OverviewPanel.tsx';
import { ProfilePanel } from './profile/ProfilePanel.tsx';
import { ProfileService } from './profile/profile-service.ts';
import { DatasetList } from './components/DatasetList.tsx';
import { DatasetNotes } from './components/DatasetNotes.tsx';
import { RecentFiles } from './components/RecentFiles.tsx';
import { fixLabel } from './data/csv-errors.ts';
import type { ColumnInfo, FileSource } from './data/types.ts';
import type { Condition, StepKind } from '../shared/pipeline/document.ts';
import type { MenuItem } from './grid/ColumnMenu.tsx';
import type { Workbench } from './data/workbench.ts';
import { DataGrid, GridPrewarm, type GridSource } from './grid/DataGrid.tsx';
import { host } from './host/host.ts';

const fromFile = (file: File): FileSource => ({ kind: 'blob', name: file.name, size: file.size, blob: file });
const fromHostRef = (ref: HostFileRef): FileSource => ({ kind: 'url', name: ref.name, size: ref.size, url: ref.url, path: ref.path });

/** A view filter on the shown dataset (from a profile's histogram bar or top value). */
interface ViewFilter {
  datasetId: number;
  version: number;
  relation: string;
  where: string;
  label: string;
  count: number | null;
  /** The same filter as a pipeline condition, where that is exact. */
  condition?: Condition;
}

export function App({ workbench }: { workbench: Workbench }) {
  const state = useSyncExternalStore(workbench.store.subscribe, workbench.store.get);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [editingCsv, setEditingCsv] = useState<number | null>(null);
  const [gridError, setGridError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState('');
  const [consoleOpen, setConsoleOpen] = useState(() => localStorage.getItem('sluice.console.closed') !== '1');
  const showConsole = (open: boolean) => {
    setConsoleOpen(open);
    try {
      localStorage.setItem('sluice.console.closed', open ? '0' : '1');
    } catch {
      // only a preference
    }
  };
  const [consoleResult, setConsoleResult] = useState<ConsoleResult | null>(null);
  const [showing, setShowing] = useState<'dataset' | 'console'>('dataset');
  const [profileOf, setProfileOf] = useState<{ datasetId: number; column: ColumnInfo } | null>(null);
  const [filter, setFilter] = useState<ViewFilter | null>(null);
  const [overviewOf, setOverviewOf] = useState<number | null>(null);
  const profiles = useMemo(() => new ProfileService(workbench.engine), [workbench]);
  const pipelines = useMemo(() => new PipelineStore(), []);
  const [stepDialog, setStepDialog] = useState<{ kind: StepKind; stepId?: string; column?: string } | null>(null);
  const [sqlOf, setSqlOf] = useState<{ title: string; sql: string } | null>(null);
  const [pending, setPending] = useState<PendingProject | null>(null);
  const [restorable, setRestorable] = useState<string | null>(() => autosavedProject());
  const projectInput = useRef<HTMLInputElement>(null);
  const selected = state.datasets.find((d) => d.id === state.selectedId) ?? null;
  const pipe = usePipeline(workbench.engine, pipelines, selected, state.datasets);
  /** What the grid, profiles and filters read: the pipeline's shown step, or the dataset itself. */
  const baseRelation = pipe.preview?.relation ?? selected?.name ?? '';
  const previewColumns = pipe.preview?.columns;
  const selectedColumns = selected?.columns;
  const baseColumns = useMemo(() => previewColumns ?? selectedColumns ?? [], [previewColumns, selectedColumns]);
  const baseVersion = pipe.preview ? pipe.preview.relation : `${selected?.id ?? 0}:${selected?.version ?? 0}`;
  const filterMatches = (f: ViewFilter | null) => f !== null && selected !== null && f.datasetId === selected.id && f.version === selected.version && f.relation === baseRelation;
  const activeFilter = filterMatches(filter) ? filter : null;
  const profileColumn = profileOf && selected && profileOf.datasetId === selected.id ? (baseColumns.find((c) => c.name === profileOf.column.name) ?? null) : null;

  const applyFilter = useCallback(
    async (where: string, label: string, condition?: Condition) => {
      if (!selected) return;
      const base = { datasetId: selected.id, version: selected.version, relation: baseRelation, where, label, ...(condition ? { condition } : {}) };
      setFilter({ ...base, count: null });
      setShowing('dataset');
      const counted = await workbench.engine.rows(countSql(baseRelation, where));
      if (counted.ok) setFilter((f) => (f && f.where === where ? { ...f, count: Number(counted.value[0]?.[0] ?? 0) } : f));
      else setGridError(counted.error);
    },
    [selected, workbench, baseRelation],
  );

  const openStep = useCallback((kind: StepKind, column?: string) => setStepDialog({ kind, ...(column !== undefined ? { column } : {}) }), []);

  const addStep = useCallback(
    (draft: Parameters<PipelineStore['addStep']>[1]) => {
      if (!selected) return;
      const id = pipelines.ensurePipeline(selected);
      pipelines.addStep(id, draft);
      setFilter(null);
    },
    [pipelines, selected],
  );

  const columnMenuExtras = useCallback(
    (column: ColumnInfo): MenuItem[] =>
      selected
        ? [
            { label: 'Filter…', onSelect: () => openStep('filter', column.name) },
            { label: 'Rename…', onSelect: () => openStep('rename', column.name) },
            { label: 'Change type…', onSelect: () => openStep('cast', column.name) },
            { label: 'Remove column', onSelect: () => addStep({ kind: 'drop', columns: [column.name] }) },
            {
              label: 'Profile',
              onSelect: () => {
                setOverviewOf(null);
                setProfileOf({ datasetId: selected.id, column });
              },
            },
          ]
        : [],
    [selected, openStep, addStep],
  );

  const cellMenuItems = useCallback(
    (column: ColumnInfo, value: unknown): MenuItem[] => {
      const text = value === null || value === undefined ? null : String(value);
      const shown = text === null ? 'NULL' : text.length > 30 ? `${text.slice(0, 30)}…` : text;
      const condition = text === null ? ({ kind: 'null', column: column.name } as const) : ({ kind: 'compare', column: column.name, op: '=', value: typedValue(text, column) } as const);
      return [
        { label: `Keep rows where ${column.name} = ${shown}`, onSelect: () => addStep({ kind: 'filter', condition }) },
        {
          label: `Remove rows where ${column.name} = ${shown}`,
          onSelect: () =>
            addStep({
              kind: 'filter',
              condition: text === null ? { kind: 'null', column: column.name, negate: true } : { kind: 'group', op: 'or', items: [{ kind: 'compare', column: column.name, op: '!=', value: typedValue(text, column) }, { kind: 'null', column: column.name }] },
            }),
        },
      ];
    },
    [addStep],
  );

  const pipelineOutputs = usePipelineOutputs(workbench.engine, pipe.state.doc, pipe.pipelineId, stepDialog?.kind === 'join' || stepDialog?.kind === 'union');
  const formContext = useMemo<FormContext>(
    () => ({
      columns: baseColumns,
      inputs: [
        ...state.datasets
          .filter((d) => d.id !== selected?.id && d.status === 'ready')
          .map((d) => ({ ref: { kind: 'source' as const, id: sourceIdFor(d) }, label: d.name, columns: d.columns })),
        ...pipelineOutputs.map((p) => ({ ref: { kind: 'pipeline' as const, id: p.id }, label: `${p.name} (pipeline)`, columns: p.columns })),
      ],
    }),
    [baseColumns, state.datasets, selected?.id, pipelineOutputs],
  );

  // Autosave the project on every edit.
  const shownSourceRef = useRef<string | null>(null);
  shownSourceRef.current = selected ? sourceIdFor(selected) : null;
  useEffect(() => startAutosave(pipelines, () => shownSourceRef.current), [pipelines]);

  /** Continue reopening a project: find its files (already open, by path on the desktop, or by asking). */
  const continueProject = useCallback(
    async (project: PendingProject) => {
      let next = bindOpenDatasets(project, workbench.store.get().datasets);
      if (host.kind === 'desktop') {
        const found = await openSourcesByPath(next, host, (ref) => workbench.open(fromHostRef(ref)));
        found.refusals.forEach((message) => workbench.reportError(message));
        next = found.project;
      }
      if (missingSources(next).length > 0) return setPending(next);
      setPending(null);
      await applyProject(next, workbench, pipelines);
      setNotice('Project opened.');
    },
    [workbench, pipelines],
  );

  const openProjectText = useCallback(
    (text: string, what: string, access?: readonly ProjectPathAccess[]) => {
      const project = readProject(text, access);
      if (!project.ok) return workbench.reportError(`${what} cannot be opened:\n${project.error}`);
      setRestorable(null);
      void continueProject(project.value);
    },
    [continueProject, workbench],
  );

  // Undo / redo from the keyboard, except while typing in a field or the SQL editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
      const target = e.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, select, [contenteditable="true"]') !== null)) return;
      e.preventDefault();
      if (e.shiftKey) pipelines.redo();
      else pipelines.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pipelines]);

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
    if (pipe.active && pipe.preview) {
      return {
        relation: pipe.preview.relation,
        columns: pipe.preview.columns,
        rowCount: activeFilter ? activeFilter.count : pipe.shownRows,
        complete: activeFilter ? activeFilter.count !== null : pipe.shownRows !== null,
        version: pipe.preview.relation,
        ...(activeFilter ? { where: activeFilter.where } : {}),
      };
    }
    const physical = workbench.physicalTable(selected.id);
    return {
      relation: selected.name,
      ...(physical ? { physicalTable: physical } : {}),
      columns: selected.columns,
      rowCount: activeFilter ? activeFilter.count : selected.rowsAvailable,
      complete: selected.progress === null && (!activeFilter || activeFilter.count !== null),
      version: `${selected.id}:${selected.version}:${selected.progress === null ? 'done' : 'loading'}`,
      ...(activeFilter ? { where: activeFilter.where } : {}),
    };
  }, [selected, showing, consoleResult, activeFilter, pipe.active, pipe.preview, pipe.shownRows, workbench]);

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
        <button type="button" onClick={() => void pickProject(host, () => projectInput.current?.click(), openProjectText, (m) => workbench.reportError(m))}>
          Open project
        </button>
        <input
          ref={projectInput}
          type="file"
          accept=".json,application/json"
          aria-label="Open project file"
          className="visually-hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then((text) => openProjectText(text, file.name));
          }}
        />
        <button
          type="button"
          disabled={pipe.state.doc.pipelines.length === 0}
          onClick={() => {
            downloadProject(currentProjectJson(pipelines, shownSourceRef.current), selected?.name ?? 'project');
            setNotice('Project saved.');
          }}
        >
          Save project
        </button>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => pipelines.undo()} disabled={pipe.state.past.length === 0} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={() => pipelines.redo()} disabled={pipe.state.future.length === 0} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button
          type="button"
          onClick={() => {
            showConsole(true);
            requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-label="SQL console"] [role="textbox"]')?.focus());
          }}
        >
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
        {restorable && state.datasets.length === 0 ? (
          <div className="banner info" role="region" aria-label="Restore last session">
            <span>Your last session had a pipeline. Restore it?</span>
            <button type="button" className="primary" onClick={() => openProjectText(restorable, 'The last session')}>
              Restore last session
            </button>
            <button
              type="button"
              onClick={() => {
                discardAutosave();
                setRestorable(null);
              }}
            >
              Discard
            </button>
          </div>
        ) : null}
        {state.errors.map((e) => (
          <div key={e.id} role="alert" className="banner error">
            {e.message}
            <button type="button" onClick={() => workbench.dismissError(e.id)} aria-label="Dismiss">×</button>
          </div>
        ))}
        {consoleOpen ? (
          <ConsolePanel
            onClose={() => showConsole(false)}
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
                  : pipe.active
                    ? pipe.shownRows !== null
                      ? formatRows(pipe.shownRows)
                      : 'Counting rows…'
                  : selected.rowCount !== null
                    ? formatRows(selected.rowCount)
                    : selected.status === 'error'
                      ? ''
                      : 'Counting rows…'}
              </span>
              {(activeFilter || pipe.active) && selected.rowCount !== null ? <span className="muted">of {formatCount(selected.rowCount)} in the source</span> : null}
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
                {activeFilter.condition ? (
                  <button type="button" onClick={() => activeFilter.condition && addStep({ kind: 'filter', condition: activeFilter.condition })}>
                    Make it a pipeline step
                  </button>
                ) : null}
                <button type="button" onClick={() => setFilter(null)}>
                  Clear filter
                </button>
              </div>
            ) : null}
            <DatasetNotes dataset={selected} />
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
            <GridPrewarm />
          </div>
        )}
        {gridError ? (
          <div role="alert" className="banner error">
            {showing === 'console' ? 'Query result' : selected?.fileName}: {gridError.message}
          </div>
        ) : null}
        {pipe.error ? (
          <div role="alert" className="banner error">
            Pipeline: {pipe.error.message}
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
              cellMenuItems={showing === 'dataset' ? cellMenuItems : undefined}
              onFirstRows={() => {
                if (!selected || showing !== 'dataset') return;
                if (pipe.active) pipe.firstRowsShown();
                else workbench.firstRowsShown(selected.id);
              }}
            />
          ) : selected?.status === 'loading' && showing === 'dataset' ? (
            <p className="placeholder muted">Loading {selected.fileName}…</p>
          ) : null}
          {overviewOf !== null && selected && overviewOf === selected.id && showing === 'dataset' && selected.progress === null ? (
            <OverviewPanel
              engine={workbench.engine}
              relation={baseRelation}
              version={baseVersion}
              columns={baseColumns}
              onProfile={(column) => {
                setOverviewOf(null);
                setProfileOf({ datasetId: selected.id, column });
              }}
              onClose={() => setOverviewOf(null)}
            />
          ) : profileColumn && selected && showing === 'dataset' ? (
            <ProfilePanel
              service={profiles}
              relation={baseRelation}
              version={baseVersion}
              column={profileColumn}
              rowCount={pipe.active ? pipe.shownRows : selected.progress === null ? selected.rowCount : null}
              onFilter={(where, label, condition) => void applyFilter(where, label, condition)}
              onClose={() => setProfileOf(null)}
            />
          ) : null}
        </div>
      </main>

      {selected && selected.status === 'ready' && pipe.pipelineId && showing === 'dataset' ? (
        <aside className="pipeline-side">
          <PipelinePanel
            doc={pipe.state.doc}
            pipelineId={pipe.pipelineId}
            sourceName={selected.name}
            shownStep={pipe.preview?.shownStep ?? (pipe.pipeline?.steps[pipe.pipeline.steps.length - 1]?.id ?? null)}
            broken={pipe.preview?.broken ?? {}}
            counts={pipe.counts}
            castFailures={pipe.castFailures}
            onSelect={(stepId) => pipe.pipeline && pipelines.select(pipe.pipelineId!, stepId)}
            onAdd={(kind) => openStep(kind)}
            onEdit={(stepId) => {
              const step = pipe.pipeline?.steps.find((x) => x.id === stepId);
              if (step) setStepDialog({ kind: step.kind, stepId });
            }}
            onToggle={(stepId) => pipelines.toggleStep(pipe.pipelineId!, stepId)}
            onMove={(stepId, delta) => pipelines.moveStep(pipe.pipelineId!, stepId, delta)}
            onDelete={(stepId) => pipelines.removeStep(pipe.pipelineId!, stepId)}
            onShowSql={(stepId) =>
              pipe.preview &&
              setSqlOf({
                title: stepId === null ? 'SQL of the source' : 'SQL of this step',
                sql: stepId === null ? pipe.preview.inputSql : (pipe.preview.sqlByStep[stepId] ?? '-- This step is disabled or cannot run.'),
              })
            }
          />
        </aside>
      ) : null}

      <footer className="statusbar" role="status">
        {notice}
      </footer>

      {dragging ? <div className="drop-overlay">Drop files to open them</div> : null}
      {stepDialog && selected ? (() => {
        const spec = formFor(stepDialog.kind);
        if (!spec) return null;
        const existing = stepDialog.stepId ? pipe.pipeline?.steps.find((x) => x.id === stepDialog.stepId) : undefined;
        return (
          <StepDialog
            spec={spec}
            context={formContext}
            editing={existing !== undefined}
            initial={existing ? spec.fromStep(existing, formContext) : spec.defaults(formContext, stepDialog.column)}
            onClose={() => setStepDialog(null)}
            validate={(draft) =>
              checkStep(
                workbench.engine,
                pipe.state.doc,
                state.datasets,
                existing && pipe.pipelineId ? { pipelineId: pipe.pipelineId, replace: existing.id } : { inputRelation: baseRelation },
                draft,
              )
            }
            insight={stepDialog.kind === 'join' ? (draft, signal) => joinInsight(workbench.engine, pipe.state.doc, state.datasets, baseRelation, draft, signal) : undefined}
            onApply={(draft) => {
              setStepDialog(null);
              if (existing && pipe.pipelineId) pipelines.replaceStep(pipe.pipelineId, existing.id, draft);
              else {
                if (draft.kind === 'join' || draft.kind === 'union') {
                  for (const ref of draft.kind === 'join' ? [draft.with] : draft.with) {
                    const other = state.datasets.find((d) => sourceIdFor(d) === ref.id);
                    if (other) pipelines.ensureSource(other);
                  }
                }
                addStep(draft);
              }
            }}
          />
        );
      })() : null}
      {pending ? (
        <LocateDialog
          missing={missingSources(pending)}
          onLocate={(source, file) =>
            void workbench.open(fromFile(file)).then((id) => continueProject({ ...pending, bound: { ...pending.bound, [source.id]: id } }))
          }
          onSkip={() => {
            setPending(null);
            void applyProject(pending, workbench, pipelines);
          }}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {sqlOf ? <SqlDialog title={sqlOf.title} sql={sqlOf.sql} onClose={() => setSqlOf(null)} /> : null}
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
