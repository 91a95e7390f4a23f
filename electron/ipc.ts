import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OPEN_EXTENSIONS } from '../shared/formats.ts';
import { FILE_SCHEME, IPC, validateOpenPathArg, type HostFileRef, type RecentFile } from '../shared/host-contract.ts';
import { err, errorMessage, ok, type Result } from '../shared/result.ts';
import { APP_ORIGIN, type FileRegistry } from './file-protocol.ts';

const MAX_RECENT = 10;

/** Recent files, most recent first, kept in a JSON file (in userData). */
export class RecentFiles {
  #list: RecentFile[] | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async list(): Promise<RecentFile[]> {
    this.#list ??= await this.#load();
    return [...this.#list];
  }

  async add(paths: readonly string[]): Promise<RecentFile[]> {
    const openedAt = new Date().toISOString();
    const fresh = [...new Set(paths)];
    const added = fresh.map((p) => ({ path: p, name: path.basename(p), openedAt }));
    const next = [...added, ...(await this.list()).filter((r) => !fresh.includes(r.path))].slice(0, MAX_RECENT);
    this.#list = next;
    // Writes are serialized so an older list never lands after a newer one.
    this.#writing = this.#writing.then(() => this.#save(next)).catch((e: unknown) => console.error(`Sluice: could not save recent files: ${errorMessage(e)}`));
    await this.#writing;
    return [...next];
  }

  async #load(): Promise<RecentFile[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(isRecentFile).slice(0, MAX_RECENT);
    } catch {
      return [];
    }
  }

  async #save(list: RecentFile[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(list, null, 2));
    await rename(tmp, this.file);
  }
}

function isRecentFile(value: unknown): value is RecentFile {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string';
}

export interface IpcDeps {
  registry: FileRegistry;
  recent: RecentFiles;
  /** Called after the recent list changed (main rebuilds the menu). */
  onRecentChanged(list: RecentFile[]): void;
  /** A path the next open dialog should start at (set by the Recent files menu), taken once. */
  takeDialogDefaultPath(): string | undefined;
}

/** Only the app's own pages may call the host. */
function fromApp(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame?.url.startsWith(`${APP_ORIGIN}/`) ?? false;
}

const forbidden = () => err({ kind: 'forbidden', message: 'This request did not come from the Sluice app.' });

/** Registers an existing regular file and describes it to the renderer. */
async function openFile(registry: FileRegistry, filePath: string): Promise<Result<HostFileRef>> {
  const absolute = path.resolve(filePath);
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

export function registerIpc(deps: IpcDeps): void {
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
        const ref = await openFile(deps.registry, filePath);
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
    try {
      const ref = await openFile(deps.registry, valid.value);
      if (ref.ok) await remember([ref.value.path]);
      return ref;
    } catch (e) {
      return err({ kind: 'io', message: `Could not open ${valid.value}: ${errorMessage(e)}` });
    }
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
