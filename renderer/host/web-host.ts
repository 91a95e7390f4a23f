import type { HostApi } from '../../shared/host-contract.ts';
import { webAbortSave, webCommitSave, webSaveDialog, webWriteSave } from './web-save.ts';

/** The host contract in plain browser terms: files come from <input type="file"> and drag-and-drop. */
export const webHost: HostApi = {
  kind: 'web',
  openFileDialog: () => Promise.resolve({ ok: true, value: [] }),
  openPath: (path) => Promise.resolve({ ok: false, error: { kind: 'unsupported', message: `Opening ${path} by path needs the desktop app.` } }),
  openProjectDialog: () => Promise.resolve({ ok: true, value: null }),
  recentFiles: () => Promise.resolve({ ok: true, value: [] }),
  saveDialog: webSaveDialog,
  writeSave: webWriteSave,
  commitSave: webCommitSave,
  abortSave: webAbortSave,
  onMenuCommand: () => () => undefined,
};
