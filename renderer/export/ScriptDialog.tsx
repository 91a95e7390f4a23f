import { ExportOutcome } from './ExportOutcome.tsx';
import { useState } from 'react';
import { safeBaseName } from '../../shared/export/formats.ts';
import type { HostApi } from '../../shared/host-contract.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import { pipelineConfig } from '../../shared/pipeline/export-config.ts';
import { pythonScript, type ScriptSchema } from '../../shared/scripts/python-script.ts';
import { sqlScriptWithChecks } from '../../shared/scripts/sql-checks.ts';
import type { Dataset } from '../data/types.ts';
import type { EngineClient } from '../engine/client.ts';
import { configDocument, folderOf } from './config-document.ts';

export type ScriptTarget = 'sql' | 'python';

const TITLES: Record<ScriptTarget, string> = { sql: 'Export SQL script', python: 'Export Python script' };

/**
 * The engine's description of the data, for the pandas script: each query's columns and types (the
 * sources are the datasets' views, by name, as in the compiler's app context) and each CSV source's
 * dialect as the app sniffed it.
 */
function appSchema(engine: EngineClient, datasets: readonly Dataset[]): ScriptSchema {
  return {
    describe: async (sql) => {
      const result = await engine.rows(`SELECT column_name, column_type FROM (DESCRIBE ${sql})`);
      return result.ok ? { ok: true, value: result.value.map((r) => ({ name: String(r[0]), type: String(r[1]) })) } : { ok: false, error: result.error.message };
    },
    csvDialect: (source) => {
      const sniffed = datasets.find((d) => d.name === source.name)?.sniffed;
      return Promise.resolve(sniffed ? { ok: true, value: sniffed } : { ok: false, error: `${source.name} was not read as CSV in this session: open it again to export a script` });
    },
    jsonTextColumns: (source) => {
      const dataset = datasets.find((d) => d.name === source.name);
      return Promise.resolve(dataset ? { ok: true, value: dataset.jsonText } : { ok: false, error: `${source.name} is not open in this session: open it again to export a script` });
    },
  };
}

/**
 * "SQL script…" and "Python script…": the shown pipeline (and what it reads) as a DuckDB SQL script or a
 * pandas script giving the same rows, with input paths relative to where it is saved (file names in web
 * mode). A step a target cannot translate with DuckDB's meaning refuses the export, naming the step.
 */
export function ScriptDialog(props: { engine: EngineClient; host: HostApi; doc: PipelineDocument; dataset: Dataset; datasets: readonly Dataset[]; target: ScriptTarget; onClose: () => void }) {
  const { engine, host, dataset, target, onClose } = props;
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      const { doc, pipelineId } = configDocument(props.doc, dataset);
      const extension = target === 'sql' ? 'sql' : 'py';
      const picked = await host.saveDialog({ suggestedName: `${safeBaseName(dataset.name)}.${extension}`, kind: 'config' });
      if (!picked.ok) return setResult({ ok: false, message: picked.error.message });
      if (picked.value === null) return;
      const file = picked.value;
      const made = pipelineConfig({ doc, pipelineId, configDir: host.kind === 'desktop' ? folderOf(file.path) : null, outputs: [] });
      const script = !made.ok ? made : target === 'sql' ? sqlScriptWithChecks({ doc: made.value, configName: file.name }) : await pythonScript({ doc: made.value, configName: file.name, schema: appSchema(engine, props.datasets) });
      if (!script.ok) {
        await host.abortSave(file.token);
        return setResult({ ok: false, message: `Cannot export ${target === 'sql' ? 'a SQL' : 'a Python'} script: ${script.error}` });
      }
      const written = await host.writeSave(file.token, new TextEncoder().encode(script.value));
      const committed = written.ok ? await host.commitSave(file.token) : written;
      if (!committed.ok) {
        await host.abortSave(file.token);
        return setResult({ ok: false, message: `The script was not saved: ${committed.error.message}` });
      }
      const run = target === 'sql' ? `duckdb < ${file.name}` : `python3 ${file.name}`;
      setResult({ ok: true, message: `Exported ${target === 'sql' ? 'the SQL' : 'the Python'} script to ${file.name}. Run it from the data's folder: ${run}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label={TITLES[target]} className="modal export-dialog" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2>{TITLES[target]}</h2>
        <p className="muted">
          {target === 'sql'
            ? 'A plain DuckDB SQL script that reads the same files with the same options and gives the same rows.'
            : 'A standalone pandas script (pandas 1.5 or 2) with a function per step, that reads the same files with the same types and gives the same rows. Steps pandas cannot do with the same meaning (custom SQL, samples) refuse the export.'}{' '}
          Input paths are written relative to where you save it{host.kind === 'web' ? ' (the browser knows only file names: keep the script beside the data)' : ''}.
        </p>
        <ExportOutcome result={result} onClose={onClose} onExport={() => void save()} disabled={busy} />
      </div>
    </div>
  );
}
