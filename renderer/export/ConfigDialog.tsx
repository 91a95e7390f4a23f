import { ExportOutcome } from './ExportOutcome.tsx';
import { useState } from 'react';
import { EXPORT_EXTENSIONS, EXPORT_LABELS, safeBaseName } from '../../shared/export/formats.ts';
import type { HostApi } from '../../shared/host-contract.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import { configJson, pipelineConfig, type ConfigOutputFormat } from '../../shared/pipeline/export-config.ts';
import type { Dataset } from '../data/types.ts';
import { configDocument, folderOf } from './config-document.ts';

const OUTPUT_FORMATS: ConfigOutputFormat[] = ['csv', 'parquet', 'json', 'ndjson'];

interface OutputRow {
  key: number;
  format: ConfigOutputFormat;
  fileName: string;
}

let keys = 0;

/** "Pipeline config…": save the shown pipeline as a config the `sluice` CLI runs, with optional declared outputs. */
export function ConfigDialog({ host, doc, dataset, onClose }: { host: HostApi; doc: PipelineDocument; dataset: Dataset; onClose: () => void }) {
  const { doc: full, pipelineId } = configDocument(doc, dataset);
  const pipelineName = full.pipelines.find((p) => p.id === pipelineId)?.name ?? dataset.name;
  const base = safeBaseName(dataset.name);
  const [outputs, setOutputs] = useState<OutputRow[]>([]);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const update = (key: number, change: Partial<OutputRow>) => setOutputs((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const save = async () => {
    const picked = await host.saveDialog({ suggestedName: `${base}.sluice.json`, kind: 'config' });
    if (!picked.ok) return setResult({ ok: false, message: picked.error.message });
    if (picked.value === null) return;
    const target = picked.value;
    const made = pipelineConfig({ doc: full, pipelineId, configDir: host.kind === 'desktop' ? folderOf(target.path) : null, outputs });
    if (!made.ok) {
      await host.abortSave(target.token);
      return setResult({ ok: false, message: made.error });
    }
    const written = await host.writeSave(target.token, new TextEncoder().encode(configJson(made.value)));
    const committed = written.ok ? await host.commitSave(target.token) : written;
    if (!committed.ok) {
      await host.abortSave(target.token);
      return setResult({ ok: false, message: `The config was not saved: ${committed.error.message}` });
    }
    const where = host.kind === 'web' ? ' Put it beside the data files to run it: npx sluice run ' + target.name : ` Run it with: npx sluice run ${target.name}`;
    setResult({ ok: true, message: `Exported the pipeline config to ${target.name}.${where}` });
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label="Export pipeline config" className="modal export-dialog" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2>Export pipeline config</h2>
        <p className="muted">
          Saves {pipelineName} as a config the <code>sluice</code> command line runs. Input paths are written relative to where you save it
          {host.kind === 'web' ? ' (the browser knows only file names: keep the config beside the data)' : ''}.
        </p>
        <fieldset className="export-outputs">
          <legend>Outputs (optional; without any, the CLI prints the rows as CSV)</legend>
          {outputs.map((o, i) => (
            <div key={o.key} className="export-output-row">
              <label>
                Format of output {i + 1}{' '}
                <select
                  value={o.format}
                  onChange={(e) => {
                    const format = e.target.value as ConfigOutputFormat;
                    update(o.key, { format, fileName: o.fileName.replace(/\.[^.]*$/, '') + `.${EXPORT_EXTENSIONS[format]}` });
                  }}
                >
                  {OUTPUT_FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {EXPORT_LABELS[f]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                File name of output {i + 1} <input type="text" value={o.fileName} onChange={(e) => update(o.key, { fileName: e.target.value })} />
              </label>
              <button type="button" onClick={() => setOutputs((rows) => rows.filter((r) => r.key !== o.key))}>
                Remove output {i + 1}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setOutputs((rows) => [...rows, { key: ++keys, format: 'csv', fileName: `${base}.csv` }])}>
            Add output
          </button>
        </fieldset>
        <ExportOutcome result={result} onClose={onClose} onExport={() => void save()} />
      </div>
    </div>
  );
}
