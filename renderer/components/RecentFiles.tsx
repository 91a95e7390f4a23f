import { useEffect, useState } from 'react';
import type { HostApi, HostFileRef, RecentFile } from '../../shared/host-contract.ts';

interface Props {
  host: HostApi;
  /** Changes whenever files were opened, so the list refreshes. */
  refreshKey: number;
  onOpen: (file: HostFileRef) => void;
  onError: (message: string) => void;
}

/** Recently opened files (desktop only: the browser cannot reopen a file by path). */
export function RecentFiles({ host, refreshKey, onOpen, onError }: Props) {
  const [recent, setRecent] = useState<RecentFile[]>([]);

  useEffect(() => {
    let live = true;
    void host.recentFiles().then((result) => {
      if (live && result.ok) setRecent(result.value);
    });
    return () => {
      live = false;
    };
  }, [host, refreshKey]);

  if (host.kind !== 'desktop' || recent.length === 0) return null;
  return (
    <section className="datasets" aria-label="Recent files">
      <h2>Recent files</h2>
      <ul>
        {recent.map((r) => (
          <li key={r.path}>
            <button
              type="button"
              className="dataset-name"
              title={r.path}
              onClick={() =>
                void host.openPath(r.path).then((result) => (result.ok ? onOpen(result.value) : onError(result.error.message)))
              }
            >
              {r.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
