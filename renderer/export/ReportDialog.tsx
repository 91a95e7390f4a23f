import { ExportOutcome } from './ExportOutcome.tsx';
import { useEffect, useRef, useState } from 'react';
import { safeBaseName } from '../../shared/export/formats.ts';
import type { HostApi } from '../../shared/host-contract.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import { validationReport } from '../checks/validation-report.ts';
import type { EngineClient } from '../engine/client.ts';
import { hostSink } from './host-sink.ts';

/** "Validation report…": evaluates every check and saves the JSON report through the host's save sink. */
export function ReportDialog({ engine, host, doc, name, onClose }: { engine: EngineClient; host: HostApi; doc: PipelineDocument; name: string; onClose: () => void }) {
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const controller = useRef(new AbortController());
  useEffect(() => {
    const current = controller.current;
    return () => current.abort();
  }, []);
  const count = doc.checks.filter((c) => c.enabled !== false).length;

  const save = async () => {
    const picked = await host.saveDialog({ suggestedName: `${safeBaseName(name)}.report.json`, kind: 'json' });
    if (!picked.ok) return setResult({ ok: false, message: picked.error.message });
    if (picked.value === null) return;
    const sink = hostSink(host, picked.value);
    setBusy(true);
    const report = await validationReport(engine, doc, controller.current.signal);
    setBusy(false);
    if (!report.ok) {
      await sink.abort();
      return setResult({ ok: false, message: `The report was not saved: ${report.error.message}` });
    }
    const written = await sink.write(new TextEncoder().encode(report.value.json));
    const committed = written.ok ? await sink.commit() : written;
    if (!committed.ok) {
      await sink.abort();
      return setResult({ ok: false, message: `The report was not saved: ${committed.error.message}` });
    }
    setResult({ ok: true, message: `Saved the validation report to ${picked.value.name}. ${report.value.summary}` });
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label="Export validation report" className="modal export-dialog" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2>Export validation report</h2>
        <p className="muted">
          Evaluates {count} check{count === 1 ? '' : 's'} now and saves the JSON report <code>sluice validate</code> writes.
        </p>
        {busy ? <p role="status">Evaluating checks…</p> : null}
        <ExportOutcome result={result} onClose={onClose} onExport={() => void save()} disabled={busy || count === 0} />
      </div>
    </div>
  );
}
