import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { StepDraft, StepKind } from '../shared/pipeline/document.ts';
import type { AppError } from '../shared/result.ts';
import { DatasetHeader, QueryResultHeader } from './app/DatasetHeader.tsx';
import { fromFile, fromHostRef } from './app/file-sources.ts';
import { gridSourceFor } from './app/grid-source.ts';
import { cellMenuItems, columnMenuItems } from './app/menus.ts';
import { StepDialogHost, type StepDialogRequest } from './app/StepDialogHost.tsx';
import { Toolbar } from './app/Toolbar.tsx';
import { withoutInternalNames } from '../shared/engine-errors.ts';
import { ExportButton } from './export/ExportButton.tsx';
import { useConsoleView } from './app/use-console-view.ts';
import { useFileDrop } from './app/use-file-drop.ts';
import { useProjectSession } from './app/use-project-session.ts';
import { useUndoKeys } from './app/use-undo-keys.ts';
import { useViewFilter } from './app/use-view-filter.ts';
import { AddCheckDialog } from './checks/AddCheckDialog.tsx';
import { ChecksPanel } from './checks/ChecksPanel.tsx';
import { useCheckActions } from './checks/use-check-actions.ts';
import { useChecks } from './checks/use-checks.ts';
import { CsvOptionsDialog } from './components/CsvOptionsDialog.tsx';
import { DatasetList } from './components/DatasetList.tsx';
import { RecentFiles } from './components/RecentFiles.tsx';
import { ConsolePanel } from './console/ConsolePanel.tsx';
import type { ColumnInfo, FileSource } from './data/types.ts';
import type { Workbench } from './data/workbench.ts';
import { DataGrid } from './grid/DataGrid.tsx';
import { host } from './host/host.ts';
import { LocateDialog } from './pipeline/LocateDialog.tsx';
import { PipelinePanel } from './pipeline/PipelinePanel.tsx';
import { PipelineStore } from './pipeline/pipeline-store.ts';
import { missingSources } from './pipeline/project-session.ts';
import { SqlDialog } from './pipeline/SqlDialog.tsx';
import { usePipeline } from './pipeline/use-pipeline.ts';
import { OverviewPanel } from './profile/OverviewPanel.tsx';
import { ProfilePanel } from './profile/ProfilePanel.tsx';
import { ProfileService } from './profile/profile-service.ts';
import { describeRule } from '../shared/checks/describe-rule.ts';

/**
 * The app shell: lays out the toolbar, datasets, header, grid, side panels and dialogs. Each seam has
 * a room of its own in `app/` (drag-and-drop, projects, the view filter, the header, step dialogs).
 */
export function App({ workbench }: { workbench: Workbench }) {
  const state = useSyncExternalStore(workbench.store.subscribe, workbench.store.get);
  const fileInput = useRef<HTMLInputElement>(null);
  const [editingCsv, setEditingCsv] = useState<number | null>(null);
  const [gridError, setGridError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState('');
  const [profileOf, setProfileOf] = useState<{ datasetId: number; column: ColumnInfo } | null>(null);
  const [overviewOf, setOverviewOf] = useState<number | null>(null);
  const [stepDialog, setStepDialog] = useState<StepDialogRequest | null>(null);
  const [sqlOf, setSqlOf] = useState<{ title: string; sql: string } | null>(null);
  const consoleView = useConsoleView();
  const profiles = useMemo(() => new ProfileService(workbench.engine), [workbench]);
  const pipelines = useMemo(() => new PipelineStore(), []);
  const selected = state.datasets.find((d) => d.id === state.selectedId) ?? null;
  const pipe = usePipeline(workbench.engine, pipelines, selected, state.datasets);
  const project = useProjectSession(workbench, pipelines, selected, setNotice);
  const showingDataset = consoleView.shown === null;

  /** What the grid, profiles and filters read: the pipeline's shown step, or the dataset itself. */
  const baseRelation = pipe.preview?.relation ?? selected?.name ?? '';
  const previewColumns = pipe.preview?.columns;
  const selectedColumns = selected?.columns;
  const baseColumns = useMemo(() => previewColumns ?? selectedColumns ?? [], [previewColumns, selectedColumns]);
  const baseVersion = pipe.preview ? pipe.preview.relation : `${selected?.id ?? 0}:${selected?.version ?? 0}`;
  const filter = useViewFilter(workbench.engine, selected, baseRelation, setGridError);
  const profileColumn = profileOf && selected && profileOf.datasetId === selected.id ? (baseColumns.find((c) => c.name === profileOf.column.name) ?? null) : null;

  const openStep = useCallback((kind: StepKind, column?: string) => setStepDialog({ kind, ...(column !== undefined ? { column } : {}) }), []);
  const { clear: clearFilter } = filter;
  const addStep = useCallback(
    (draft: StepDraft) => {
      if (!selected) return;
      pipelines.addStep(pipelines.ensurePipeline(selected), draft);
      clearFilter();
    },
    [pipelines, selected, clearFilter],
  );
  const showProfile = useCallback(
    (column: ColumnInfo) => {
      if (!selected) return;
      setOverviewOf(null);
      setProfileOf({ datasetId: selected.id, column });
    },
    [selected],
  );
  const checks = useChecks(workbench.engine, pipe.state.doc, pipe.pipelineId, selected?.status === 'ready');
  const { onResult: showRows } = consoleView;
  const reportError = useCallback((message: string) => workbench.reportError(message), [workbench]);
  const checkActions = useCheckActions({
    engine: workbench.engine,
    pipelines,
    doc: pipe.state.doc,
    selected,
    datasets: state.datasets,
    shownStep: pipe.preview?.shownStep,
    checks,
    showRows: useCallback((r) => void showRows(r), [showRows]),
    onError: reportError,
  });
  const { setDialog: setCheckDialog } = checkActions;
  const addCheck = useCallback((column: ColumnInfo) => setCheckDialog({ mode: 'column', column: column.name }), [setCheckDialog]);
  const columnExtras = useCallback((column: ColumnInfo) => (selected ? columnMenuItems(column, { openStep, addStep, profile: showProfile, addCheck }) : []), [selected, openStep, addStep, showProfile, addCheck]);
  const cellItems = useCallback((column: ColumnInfo, value: unknown) => cellMenuItems(column, value, addStep), [addStep]);

  useUndoKeys(pipelines);

  // Opening or choosing a dataset shows it, even over a console result.
  const { showDataset } = consoleView;
  const openFiles = useCallback(
    (files: FileSource[]) => {
      showDataset();
      void workbench.openFiles(files);
    },
    [workbench, showDataset],
  );
  useEffect(() => showDataset(), [state.selectedId, showDataset]);
  const dragging = useFileDrop(useCallback((files: File[]) => openFiles(files.map(fromFile)), [openFiles]));

  const openDialog = useCallback(async () => {
    if (host.kind === 'web') return fileInput.current?.click();
    const picked = await host.openFileDialog();
    if (!picked.ok) return workbench.reportError(picked.error.message);
    openFiles(picked.value.map(fromHostRef));
  }, [openFiles, workbench]);

  useEffect(
    () =>
      host.onMenuCommand((command) => {
        if (command === 'open-file') void openDialog();
        if (command === 'close-dataset' && state.selectedId !== null) void workbench.remove(state.selectedId);
      }),
    [openDialog, state.selectedId, workbench],
  );

  useEffect(() => setGridError(null), [selected?.id, selected?.version, consoleView.shown?.runId, baseRelation]);

  const gridSource = useMemo(
    () =>
      gridSourceFor({
        consoleResult: consoleView.shown,
        dataset: selected,
        physicalTable: selected ? workbench.physicalTable(selected.id) : undefined,
        preview: pipe.active ? pipe.preview : null,
        previewRows: pipe.shownRows,
        filter: filter.active,
      }),
    [consoleView.shown, selected, workbench, pipe.active, pipe.preview, pipe.shownRows, filter.active],
  );

  const editing = state.datasets.find((d) => d.id === editingCsv);
  const pipelineId = pipe.pipelineId;

  return (
    <div className="app">
      <Toolbar
        fileInput={fileInput}
        onOpenFile={() => void openDialog()}
        onFiles={(files) => openFiles(files.map(fromFile))}
        onProjectText={project.openText}
        onPickProject={project.pick}
        canSave={pipe.state.doc.pipelines.length > 0}
        onSave={project.save}
        canUndo={pipe.state.past.length > 0}
        canRedo={pipe.state.future.length > 0}
        onUndo={() => pipelines.undo()}
        onRedo={() => pipelines.redo()}
        exportMenu={
          <ExportButton
            engine={workbench.engine}
            host={host}
            rows={
              gridSource && (consoleView.shown || selected)
                ? {
                    relation: gridSource.relation,
                    ...(gridSource.where !== undefined ? { where: gridSource.where } : {}),
                    name: consoleView.shown ? 'query' : pipe.active ? (pipe.pipeline?.name ?? selected?.name ?? 'data') : (selected?.name ?? 'data'),
                    rowCount: gridSource.complete ? gridSource.rowCount : null,
                  }
                : null
            }
            pipeline={selected && selected.status === 'ready' ? { doc: pipe.state.doc, dataset: selected, datasets: state.datasets } : null}
            checks={{ doc: pipe.state.doc, name: selected?.name ?? 'checks' }}
          />
        }
        onConsole={() => {
          consoleView.show(true);
          requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-label="SQL console"] [role="textbox"]')?.focus());
        }}
      />

      <aside className="sidebar">
        <DatasetList workbench={workbench} datasets={state.datasets} selectedId={state.selectedId} onEditCsv={setEditingCsv} />
        <RecentFiles host={host} refreshKey={state.datasets.length} onOpen={(file) => openFiles([fromHostRef(file)])} onError={(message) => workbench.reportError(message)} />
      </aside>

      <main className="main">
        {project.restorable && state.datasets.length === 0 ? (
          <div className="banner info" role="region" aria-label="Restore last session">
            <span>Your last session had a pipeline. Restore it?</span>
            <button type="button" className="primary" onClick={() => project.restorable && project.openText(project.restorable, 'The last session')}>
              Restore last session
            </button>
            <button type="button" onClick={project.discardRestore}>
              Discard
            </button>
          </div>
        ) : null}
        {state.errors.map((e) => (
          <div key={e.id} role="alert" className="banner error">
            {e.message}
            <button type="button" onClick={() => workbench.dismissError(e.id)} aria-label="Dismiss">
              ×
            </button>
          </div>
        ))}
        {consoleView.open ? <ConsolePanel onClose={() => consoleView.show(false)} engine={workbench.engine} datasets={state.datasets} onResult={consoleView.onResult} onCancelResult={consoleView.cancelResult} onCatalogChange={() => void workbench.checkRelations()} /> : null}
        {consoleView.shown ? (
          <QueryResultHeader result={consoleView.shown} backTo={selected?.name ?? null} onBack={consoleView.showDataset} />
        ) : selected ? (
          <DatasetHeader
            dataset={selected}
            columns={baseColumns}
            pipelineRows={pipe.active ? pipe.shownRows : undefined}
            filter={filter.active}
            workbench={workbench}
            onOverview={() => setOverviewOf(selected.id)}
            onShowQueryResult={consoleView.result ? consoleView.showResult : null}
            onFilterToStep={(f) => addStep({ kind: 'filter', condition: f.condition })}
            onClearFilter={filter.clear}
            onEditCsv={setEditingCsv}
          />
        ) : (
          <div className="empty-state">
            <h2>Open a data file to begin</h2>
            <p className="muted">CSV / TSV, Parquet, JSON, NDJSON and Arrow IPC. Files are read in place, never uploaded.</p>
            <button type="button" className="primary" onClick={() => void openDialog()}>
              Open file
            </button>
          </div>
        )}
        {gridError ? (
          <div role="alert" className="banner error">
            {consoleView.shown ? 'Query result' : pipe.active ? 'Pipeline' : selected?.fileName}: {withoutInternalNames(gridError.message, (id) => workbench.dataset(id)?.name)}
          </div>
        ) : null}
        {pipe.error ? (
          <div role="alert" className="banner error">
            Pipeline: {withoutInternalNames(pipe.error.message, (id) => workbench.dataset(id)?.name)}
          </div>
        ) : null}
        <div className="work-area">
          {selected?.status === 'loading' && showingDataset && !gridSource ? <p className="placeholder muted">Loading {selected.fileName}…</p> : null}
          {/* Always mounted (hidden without a source): AG Grid is created once, at start, not when the first file shows. */}
          <DataGrid
              engine={workbench.engine}
              source={gridSource}
              onError={(e) => {
                setGridError(e);
                // A failed page ends the wait for first rows: counts go on, and find a step that fails on the data.
                if (consoleView.shown) consoleView.firstRowsShown();
                else if (pipe.active) pipe.firstRowsShown();
              }}
              onNotice={setNotice}
              extraMenuItems={showingDataset ? columnExtras : undefined}
              cellMenuItems={showingDataset ? cellItems : undefined}
              onFirstRows={() => {
                if (consoleView.shown) consoleView.firstRowsShown();
                if (!selected || !showingDataset) return;
                if (pipe.active) pipe.firstRowsShown();
                else workbench.firstRowsShown(selected.id);
              }}
            />
          {overviewOf !== null && selected && overviewOf === selected.id && showingDataset && selected.progress === null ? (
            <OverviewPanel engine={workbench.engine} relation={baseRelation} version={baseVersion} columns={baseColumns} onProfile={showProfile} onClose={() => setOverviewOf(null)} />
          ) : profileColumn && selected && showingDataset ? (
            <ProfilePanel
              service={profiles}
              relation={baseRelation}
              version={baseVersion}
              column={profileColumn}
              rowCount={pipe.active ? pipe.shownRows : selected.progress === null ? selected.rowCount : null}
              onFilter={(condition, label) => void filter.apply(condition, label)}
              onClose={() => setProfileOf(null)}
            />
          ) : null}
        </div>
      </main>

      {selected && selected.status === 'ready' && pipelineId && (showingDataset || checks.rules.length > 0) ? (
        <aside className="pipeline-side">
          {showingDataset ? (
          <PipelinePanel
            doc={pipe.state.doc}
            pipelineId={pipelineId}
            sourceName={selected.name}
            shownStep={pipe.preview?.shownStep ?? pipe.pipeline?.steps[pipe.pipeline.steps.length - 1]?.id ?? null}
            broken={pipe.preview?.broken ?? {}}
            counts={pipe.counts}
            castFailures={pipe.castFailures}
            onSelect={(stepId) => pipelines.select(pipelineId, stepId)}
            onAdd={(kind) => openStep(kind)}
            onEdit={(stepId) => {
              const step = pipe.pipeline?.steps.find((x) => x.id === stepId);
              if (step) setStepDialog({ kind: step.kind, stepId });
            }}
            onToggle={(stepId) => pipelines.toggleStep(pipelineId, stepId)}
            onMove={(stepId, delta) => pipelines.moveStep(pipelineId, stepId, delta)}
            onDelete={(stepId) => pipelines.removeStep(pipelineId, stepId)}
            onShowSql={(stepId) =>
              pipe.preview &&
              setSqlOf({
                title: stepId === null ? 'SQL of the source' : 'SQL of this step',
                sql: stepId === null ? pipe.preview.inputSql : (pipe.preview.sqlByStep[stepId] ?? '-- This step is disabled or cannot run.'),
              })
            }
            checks={checks.rules.map((rule) => ({
              id: rule.id,
              label: describeRule(rule),
              status: rule.enabled === false ? 'disabled' : checks.pending.has(rule.id) ? 'checking' : (checks.results[rule.id]?.status ?? 'checking'),
              after: rule.after ?? null,
            }))}
          />
          ) : null}
          <ChecksPanel
            pipeline={checkActions.pipeline}
            view={checks}
            onAddTableCheck={() => setCheckDialog({ mode: 'table' })}
            onSuggest={checkActions.suggest}
            onAccept={checkActions.add}
            onShowFailing={(rule) => void checkActions.showFailing(rule)}
            onRemove={(id) => pipelines.removeCheck(id)}
            onToggle={(id) => pipelines.toggleCheck(id)}
          />
        </aside>
      ) : null}

      <footer className="statusbar" role="status">
        {notice}
      </footer>

      {dragging ? <div className="drop-overlay">Drop files to open them</div> : null}
      {stepDialog && selected ? (
        <StepDialogHost
          request={stepDialog}
          engine={workbench.engine}
          pipelines={pipelines}
          doc={pipe.state.doc}
          pipeline={pipe.pipeline}
          selected={selected}
          datasets={state.datasets}
          columns={baseColumns}
          relation={baseRelation}
          addStep={addStep}
          onClose={() => setStepDialog(null)}
        />
      ) : null}
      {project.pending ? (
        <LocateDialog
          missing={missingSources(project.pending)}
          onLocate={(source, file) => project.pending && project.locate(project.pending, source.id, file)}
          onSkip={() => project.pending && project.skipMissing(project.pending)}
          onCancel={project.cancel}
        />
      ) : null}
      {checkActions.dialog && selected && checkActions.pipeline ? (
        <AddCheckDialog
          mode={checkActions.dialog.mode}
          {...(checkActions.dialog.mode === 'column' ? { column: checkActions.dialog.column } : {})}
          columns={baseColumns}
          doc={checkActions.fullDoc}
          pipeline={checkActions.pipeline}
          place={checkActions.place}
          targets={checkActions.targets}
          validate={checkActions.validate}
          onApply={(rule) => {
            setCheckDialog(null);
            checkActions.add(rule);
          }}
          onClose={() => setCheckDialog(null)}
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
