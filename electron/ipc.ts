import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { OPEN_EXTENSIONS } from '../shared/formats.ts';
import { EXPORT_EXTENSIONS, EXPORT_LABELS } from '../shared/export/formats.ts';
import {
  FILE_SCHEME,
  IPC,
  notAllowedMessage,
  validateOpenPathArg,
  validateSaveChunk,
  validateSaveRequest,
  validateSaveToken,
  type HostFileRef,
  type OpenedProject,
  type RecentFile,
  type SaveKind,
  type SaveTarget,
} from '../shared/host-contract.ts';
import { err, errorMessage, ok, type Result } from '../shared/result.ts';
import type { AccessGrants } from './access-grants.ts';
import type { ApprovalStore } from './approvals.ts';
import { APP_ORIGIN, type FileRegistry } from './file-protocol.ts';
import { canonicalPath, displayPath } from './path-scope.ts';
import type { AccessChoice, AccessPrompt } from './project-access.ts';
import { openProjectFile } from './project-open.ts';
import type { RecentFiles } from './recent-files.ts';
import { SaveFiles } from './save-files.ts';

export interface IpcDeps {
  registry: FileRegistry;
  recent: RecentFiles;
  /** Paths the user picked or allowed in this session. */
  grants: AccessGrants;
  /** The user's decisions on projects' files, by project path and content hash. */
  approvals: ApprovalStore;
  /** The user's home folder, shown as `~` in messages. */
  home: string;
  /** Called after the recent list changed (main rebuilds the menu). */
  onRecentChanged(list: RecentFile[]): void;
  /** A path the next open dialog should start at (set by the Recent files menu), taken once. */
  takeDialogDefaultPath(): string | undefined;
  /** Saves in progress (exports, configs); main removes their temporary files when the page crashes or the app quits. */
  saves?: SaveFiles;
}

/** Only the app's own pages may call the host. */
function fromApp(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame?.url.startsWith(`${APP_ORIGIN}/`) ?? false;
}

const forbidden = () => err({ kind: 'forbidden', message: 'This request did not come from the Sluice app.' });

/**
 * Main opens a path only when the user picked it (main's open dialog, main's recent files) or allowed it
 * when a project asked (`project-open.ts`). `canonical` has `..` and symlinks resolved.
 */
async function mayRead(deps: IpcDeps, canonical: string): Promise<boolean> {
  if (deps.grants.allows('read', canonical)) return true;
  for (const r of await deps.recent.list()) {
    if ((await canonicalPath(r.path)) === canonical) return true;
  }
  return false;
}

/** Shows the question about a project's files as a native message box, which the page cannot draw over or answer. */
async function askAccess(owner: BrowserWindow | null, prompt: AccessPrompt): Promise<AccessChoice> {
  const options: MessageBoxOptions = {
    type: 'question',
    title: 'Project files',
    message: prompt.message,
    detail: prompt.detail,
    buttons: prompt.buttons,
    defaultId: prompt.defaultId,
    cancelId: prompt.cancelId,
    noLink: true,
  };
  const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
  return prompt.choices[response] ?? 'none';
}

/** Registers an existing regular file (by its canonical path) and describes it to the renderer. */
async function openFile(registry: FileRegistry, absolute: string): Promise<Result<HostFileRef>> {
  const name = path.basename(absolute);
  let size: number;
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return err({ kind: 'not-a-file', message: `${absolute} is not a regular file.`, file: name });
    size = info.size;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return err({ kind: missing ? 'not-found' : 'io', message: missing ? `${absolute} does not exist (was it moved or deleted?).` : `Could not open ${absolute}: ${errorMessage(e)}`, file: name });
  }
  const token = registry.register(absolute);
  return ok({ token, name, size, url: `${FILE_SCHEME}://${token}/${encodeURIComponent(name)}`, path: absolute });
}

/** The save dialog's filter for a kind of file. */
function saveFilters(kind: SaveKind): SaveDialogOptions['filters'] {
  const all = { name: 'All files', extensions: ['*'] };
  if (kind === 'config') return [{ name: 'Sluice pipeline config', extensions: ['json'] }, all];
  return [{ name: EXPORT_LABELS[kind], extensions: [EXPORT_EXTENSIONS[kind]] }, all];
}

export function registerIpc(deps: IpcDeps): void {
  const saves = deps.saves ?? new SaveFiles();
  const remember = async (paths: string[]) => {
    if (paths.length > 0) deps.onRecentChanged(await deps.recent.add(paths));
  };

  ipcMain.handle(IPC.openFileDialog, async (event): Promise<Result<HostFileRef[]>> => {
    if (!fromApp(event)) return forbidden();
    try {
      const owner = BrowserWindow.fromWebContents(event.sender);
      const defaultPath = deps.takeDialogDefaultPath();
      const options: OpenDialogOptions = {
        title: 'Open data files',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Data files', extensions: [...OPEN_EXTENSIONS] },
          { name: 'All files', extensions: ['*'] },
        ],
        ...(defaultPath === undefined ? {} : { defaultPath }),
      };
      const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      if (picked.canceled) return ok([]);
      const refs: HostFileRef[] = [];
      for (const filePath of picked.filePaths) {
        const canonical = await canonicalPath(filePath);
        deps.grants.grant('read', canonical);
        const ref = await openFile(deps.registry, canonical);
        if (!ref.ok) return ref;
        refs.push(ref.value);
      }
      await remember(refs.map((r) => r.path));
      return ok(refs);
    } catch (e) {
      return err({ kind: 'dialog', message: `The open dialog failed: ${errorMessage(e)}` });
    }
  });

  ipcMain.handle(IPC.openPath, async (event, arg: unknown): Promise<Result<HostFileRef>> => {
    if (!fromApp(event)) return forbidden();
    const valid = validateOpenPathArg(arg);
    if (!valid.ok) return err({ kind: 'invalid-argument', message: `Cannot open the file: ${valid.error}.` });
    const requested = valid.value;
    const name = path.basename(requested);
    if (!path.isAbsolute(requested)) return err({ kind: 'invalid-argument', message: `Sluice opens files by their full path, and ${requested} is not one.`, file: name });
    try {
      const canonical = await canonicalPath(requested);
      if (!(await mayRead(deps, canonical))) {
        const reason = deps.grants.refusedFor('read', canonical) === undefined ? 'not-picked' : 'project';
        return err({ kind: 'not-allowed', message: notAllowedMessage(displayPath(path.resolve(requested), deps.home), reason), file: name });
      }
      const ref = await openFile(deps.registry, canonical);
      if (ref.ok) await remember([ref.value.path]);
      return ref;
    } catch (e) {
      return err({ kind: 'io', message: `Could not open ${requested}: ${errorMessage(e)}`, file: name });
    }
  });

  ipcMain.handle(IPC.openProjectDialog, async (event): Promise<Result<OpenedProject | null>> => {
    if (!fromApp(event)) return forbidden();
    try {
      const owner = BrowserWindow.fromWebContents(event.sender);
      const options: OpenDialogOptions = {
        title: 'Open project',
        properties: ['openFile'],
        filters: [
          { name: 'Sluice projects', extensions: ['json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      const projectPath = picked.filePaths[0];
      if (picked.canceled || projectPath === undefined) return ok(null);
      return await openProjectFile(projectPath, { grants: deps.grants, approvals: deps.approvals, home: deps.home, ask: (prompt) => askAccess(owner, prompt) });
    } catch (e) {
      return err({ kind: 'dialog', message: `Opening the project failed: ${errorMessage(e)}` });
    }
  });

  // Saving: main shows the dialog and keeps the chosen path; the page gets a token to write through. The path is
  // granted for writing because the user chose it, and every write and the commit check that grant.
  ipcMain.handle(IPC.saveDialog, async (event, arg: unknown): Promise<Result<SaveTarget | null>> => {
    if (!fromApp(event)) return forbidden();
    const valid = validateSaveRequest(arg);
    if (!valid.ok) return err({ kind: 'invalid-argument', message: `Cannot save: ${valid.error}.` });
    try {
      const owner = BrowserWindow.fromWebContents(event.sender);
      const options: SaveDialogOptions = {
        title: valid.value.kind === 'config' ? 'Export pipeline config' : `Export ${EXPORT_LABELS[valid.value.kind]}`,
        defaultPath: valid.value.suggestedName,
        filters: saveFilters(valid.value.kind),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const picked = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (picked.canceled || !picked.filePath) return ok(null);
      const canonical = await canonicalPath(picked.filePath);
      deps.grants.grant('write', canonical);
      const token = saves.begin(canonical);
      return ok({ token, name: path.basename(canonical), path: canonical, buffered: false });
    } catch (e) {
      return err({ kind: 'dialog', message: `The save dialog failed: ${errorMessage(e)}` });
    }
  });

  /** A save in progress whose target the user still lets Sluice write. */
  const writable = (token: unknown): Result<string> => {
    const valid = validateSaveToken(token);
    if (!valid.ok || !saves.has(valid.value)) return err({ kind: 'invalid-argument', message: 'That save is not in progress (it was finished or cancelled).' });
    const target = saves.target(valid.value) ?? '';
    if (!deps.grants.allows('write', target)) {
      return err({ kind: 'not-allowed', message: `Sluice did not write ${displayPath(target, deps.home)}: it writes only where you chose in a save dialog.` });
    }
    return ok(valid.value);
  };

  ipcMain.handle(IPC.writeSave, async (event, token: unknown, chunk: unknown): Promise<Result<void>> => {
    if (!fromApp(event)) return forbidden();
    const save = writable(token);
    if (!save.ok) return save;
    const bytes = validateSaveChunk(chunk);
    if (!bytes.ok) return err({ kind: 'invalid-argument', message: `Cannot write: ${bytes.error}.` });
    return saves.write(save.value, bytes.value);
  });

  ipcMain.handle(IPC.commitSave, async (event, token: unknown): Promise<Result<void>> => {
    if (!fromApp(event)) return forbidden();
    const save = writable(token);
    if (!save.ok) {
      if (typeof token === 'string') await saves.abort(token);
      return save;
    }
    return saves.commit(save.value);
  });

  ipcMain.handle(IPC.abortSave, async (event, token: unknown): Promise<Result<void>> => {
    if (!fromApp(event)) return forbidden();
    const valid = validateSaveToken(token);
    if (valid.ok) await saves.abort(valid.value);
    return ok(undefined);
  });

  ipcMain.handle(IPC.recentFiles, async (event): Promise<Result<RecentFile[]>> => {
    if (!fromApp(event)) return forbidden();
    try {
      return ok(await deps.recent.list());
    } catch (e) {
      return err({ kind: 'io', message: `Could not read recent files: ${errorMessage(e)}` });
    }
  });
}
