/** What an export dialog says when it is done: a status on success, an alert on failure. */
export interface Outcome {
  ok: boolean;
  message: string;
}

/** The end of an export dialog: its outcome, "Cancel" (or "Close" once done) and "Export". */
export function ExportOutcome({ result, onClose, onExport, disabled = false }: { result: Outcome | null; onClose: () => void; onExport: () => void; disabled?: boolean }) {
  return (
    <>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? '' : 'banner error'}>
          {result.message}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          {result?.ok ? 'Close' : 'Cancel'}
        </button>
        <button type="button" className="primary" autoFocus disabled={disabled} onClick={onExport}>
          Export
        </button>
      </div>
    </>
  );
}
