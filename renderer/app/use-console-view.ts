import { useCallback, useRef, useState } from 'react';
import type { ConsoleResult } from '../console/console-runner.ts';

const CLOSED_KEY = 'sluice.console.closed';

/** The SQL console panel (open or closed, remembered) and whether the grid shows its last result or the dataset. */
export function useConsoleView() {
  const [open, setOpen] = useState(() => localStorage.getItem(CLOSED_KEY) !== '1');
  const [result, setResult] = useState<ConsoleResult | null>(null);
  const [showingResult, setShowingResult] = useState(false);
  /** Settles the last result's wait for its first rows on screen (true: shown; false: given up). */
  const waiting = useRef<((shown: boolean) => void) | null>(null);

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
    /** Show a result; resolves once the grid shows its first rows (false if it was cancelled or replaced first). */
    onResult: useCallback((r: ConsoleResult): Promise<boolean> => {
      waiting.current?.(false);
      const shown = new Promise<boolean>((resolve) => (waiting.current = resolve));
      setResult(r);
      setShowingResult(true);
      return shown;
    }, []),
    /** The grid shows the result's first rows. */
    firstRowsShown: useCallback(() => {
      waiting.current?.(true);
      waiting.current = null;
    }, []),
    /** Stop waiting for a result's rows: back to the dataset. */
    cancelResult: useCallback(() => {
      waiting.current?.(false);
      waiting.current = null;
      setShowingResult(false);
    }, []),
    showResult: useCallback(() => setShowingResult(true), []),
    showDataset: useCallback(() => {
      waiting.current?.(false);
      waiting.current = null;
      setShowingResult(false);
    }, []),
  };
}
