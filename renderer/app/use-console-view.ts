import { useCallback, useState } from 'react';
import type { ConsoleResult } from '../console/console-runner.ts';

const CLOSED_KEY = 'sluice.console.closed';

/** The SQL console panel (open or closed, remembered) and whether the grid shows its last result or the dataset. */
export function useConsoleView() {
  const [open, setOpen] = useState(() => localStorage.getItem(CLOSED_KEY) !== '1');
  const [result, setResult] = useState<ConsoleResult | null>(null);
  const [showingResult, setShowingResult] = useState(false);

  const show = useCallback((next: boolean) => {
    setOpen(next);
    try {
      localStorage.setItem(CLOSED_KEY, next ? '0' : '1');
    } catch {
      // only a preference
    }
  }, []);

  return {
    open,
    show,
    /** The last result, whether shown or not. */
    result,
    /** The result the grid shows, or null when it shows the dataset. */
    shown: showingResult ? result : null,
    onResult: useCallback((r: ConsoleResult) => {
      setResult(r);
      setShowingResult(true);
    }, []),
    showResult: useCallback(() => setShowingResult(true), []),
    showDataset: useCallback(() => setShowingResult(false), []),
  };
}
