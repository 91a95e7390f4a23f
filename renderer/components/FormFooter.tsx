interface Props {
  /** Why the form cannot be applied yet, shown as an alert above the buttons. */
  problem: string | null;
  onCancel: () => void;
  /** The submit button's label ("Apply", "Save"). */
  submitLabel: string;
  /** While the form is being checked, submitting again is disabled. */
  busy: boolean;
}

/** The end of a dialog's form: its problem, Cancel, and the submit button. */
export function FormFooter({ problem, onCancel, submitLabel, busy }: Props) {
  return (
    <>
      {problem ? (
        <p role="alert" className="error-text">
          {problem}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
