import { useRef, useState } from 'react';
import { EXPORT_FORMATS, EXPORT_LABELS, type ExportFormat } from '../../shared/export/formats.ts';
import type { HostApi } from '../../shared/host-contract.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import type { Dataset } from '../data/types.ts';
import type { EngineClient } from '../engine/client.ts';
import { PopupMenu } from '../grid/ColumnMenu.tsx';
import { ConfigDialog } from './ConfigDialog.tsx';
import { ExportDialog, type ExportRows } from './ExportDialog.tsx';
import { ReportDialog } from './ReportDialog.tsx';
import { ScriptDialog, type ScriptTarget } from './ScriptDialog.tsx';

export interface ExportButtonProps {
  engine: EngineClient;
  host: HostApi;
  /** The rows the grid shows (the selected step's output, or the dataset); null disables the data exports. */
  rows: ExportRows | null;
  /** For "Pipeline config…" and the scripts: the project's document, the shown dataset and every dataset; null disables them. */
  pipeline: { doc: PipelineDocument; dataset: Dataset; datasets: readonly Dataset[] } | null;
  /** For "Validation report…": the document whose checks are evaluated; null (or no checks) disables it. */
  checks?: { doc: PipelineDocument; name: string } | null;
}

type Open = { kind: 'data'; format: ExportFormat } | { kind: 'config' } | { kind: 'script'; target: ScriptTarget } | { kind: 'report' } | null;

/** The toolbar's Export button: a menu of formats and "Pipeline config…", each opening its dialog. */
export function ExportButton({ engine, host, rows, pipeline, checks = null }: ExportButtonProps) {
  const button = useRef<HTMLButtonElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const items = [
    ...EXPORT_FORMATS.map((format) => ({ label: `${EXPORT_LABELS[format]}…`, disabled: rows === null, onSelect: () => setOpen({ kind: 'data', format }) })),
    { label: 'Pipeline config…', disabled: pipeline === null, onSelect: () => setOpen({ kind: 'config' }) },
    { label: 'SQL script…', disabled: pipeline === null, onSelect: () => setOpen({ kind: 'script', target: 'sql' }) },
    { label: 'Python script…', disabled: pipeline === null, onSelect: () => setOpen({ kind: 'script', target: 'python' }) },
    { label: 'Validation report…', disabled: !checks || checks.doc.checks.length === 0, onSelect: () => setOpen({ kind: 'report' }) },
  ];
  return (
    <>
      <button ref={button} type="button" aria-haspopup="menu" aria-expanded={menuOpen} disabled={rows === null && pipeline === null && !checks?.doc.checks.length} onClick={() => setMenuOpen((o) => !o)}>
        Export
      </button>
      {menuOpen && button.current ? <PopupMenu label="Export" anchor={button.current} items={items} onClose={() => setMenuOpen(false)} /> : null}
      {open?.kind === 'data' && rows ? <ExportDialog engine={engine} host={host} rows={rows} format={open.format} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'report' && checks ? <ReportDialog engine={engine} host={host} doc={checks.doc} name={checks.name} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'script' && pipeline ? <ScriptDialog engine={engine} host={host} doc={pipeline.doc} dataset={pipeline.dataset} datasets={pipeline.datasets} target={open.target} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'config' && pipeline ? <ConfigDialog host={host} doc={pipeline.doc} dataset={pipeline.dataset} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
