import { useState } from 'react';

/** Read-only SQL of a step, with a Copy button. */
export function SqlDialog({ title, sql, onClose }: { title: string; sql: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label={title} className="modal" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2>{title}</h2>
        <pre className="sql-text" aria-label="SQL text" tabIndex={0}>
          {sql}
        </pre>
        <div className="modal-actions">
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard.writeText(sql).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" className="primary" autoFocus onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
