import type { ExportFormat } from './export/formats.ts';
import type { Result } from './result.ts';

/**
 * The one contract between the renderer and its host. The desktop preload implements it over IPC
 * (checked with `satisfies HostApi`), the web host with browser APIs. Every call returns a Result.
 */

/** A file the desktop host opened for the renderer, readable at `url` with HTTP range requests. */
export interface HostFileRef {
  /** Opaque token that names the file to the host; the renderer never sees more than it needs. */
  token: string;
  name: string;
  size: number;
  /** A URL on the host's file protocol, e.g. sluice-file://<token>/<name>. */
  url: string;
  /** The full path, for display and recent files. */
  path: string;
}

export interface RecentFile {
  path: string;
  name: string;
  openedAt: string;
}

/** Reading a project's source, or writing one of its outputs. */
export type AccessMode = 'read' | 'write';

/** One path a project declares, and whether the user let Sluice use it. */
export interface ProjectPathAccess {
  /** As written in the project (absolute, or relative to the project file's folder). */
  declared: string;
  mode: AccessMode;
  /** The absolute path it resolves to, `..` and symlinks followed: pass this to `openPath`. */
  path: string;
  /** `path` as people read it (home as `~`). */
  shown: string;
  allowed: boolean;
}

/** A project file main read after the user picked it, with the user's decision on each path it declares. */
export interface OpenedProject {
  path: string;
  name: string;
  text: string;
  access: ProjectPathAccess[];
}

export type MenuCommand = 'open-file' | 'close-dataset' | 'about';

/** What is being saved: rows in an export format, or a pipeline config (`*.sluice.json`). */
export type SaveKind = ExportFormat | 'config';

export interface SaveRequest {
  /** A file name without folders, e.g. `ca.csv`. */
  suggestedName: string;
  kind: SaveKind;
}

/**
 * A file the user chose in the host's save dialog, open for writing behind `token`. Nothing appears under
 * the chosen name before `commitSave`; `abortSave` (or a crash) leaves nothing behind.
 */
export interface SaveTarget {
  token: string;
  /** The chosen file name. */
  name: string;
  /** The full path (desktop), for messages and for relative paths in a pipeline config; the name in web mode. */
  path: string;
  /** The host keeps the whole file in memory until commit (the browser download fallback). */
  buffered: boolean;
}

export interface HostApi {
  readonly kind: 'desktop' | 'web';
  /** Show the native open dialog. The web host returns an empty list: it uses an <input type="file">. */
  openFileDialog(): Promise<Result<HostFileRef[]>>;
  /**
   * Open a file by path. Desktop only, and only a path the user picked (open dialog, recent files) or allowed
   * for a project (`openProjectDialog`); any other path fails with kind "not-allowed".
   */
  openPath(path: string): Promise<Result<HostFileRef>>;
  /**
   * Desktop: show the native open dialog for a project file, read it, and ask the user which of the files it
   * declares Sluice may read or write (remembered per project file and content). Null when cancelled. The web
   * host returns null: it uses an <input type="file">, and opens no file by path.
   */
  openProjectDialog(): Promise<Result<OpenedProject | null>>;
  recentFiles(): Promise<Result<RecentFile[]>>;
  /**
   * Ask the user where to save (desktop: main's native save dialog; web: `showSaveFilePicker`, else a download
   * at commit). Null when cancelled. Web: call it straight from the click, the browser wants a user gesture.
   */
  saveDialog(request: SaveRequest): Promise<Result<SaveTarget | null>>;
  /** Append bytes to a save in progress (in order; the next call waits for this one). */
  writeSave(token: string, chunk: Uint8Array): Promise<Result<void>>;
  /** Finish a save: the file appears under its chosen name (desktop: a rename over it). */
  commitSave(token: string): Promise<Result<void>>;
  /** Drop a save: its temporary file is removed, an existing file of that name is left as it was. */
  abortSave(token: string): Promise<Result<void>>;
  /** Subscribe to app-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names, one per invoked function. */
export const IPC = {
  openFileDialog: 'sluice:open-file-dialog',
  openPath: 'sluice:open-path',
  openProjectDialog: 'sluice:open-project-dialog',
  recentFiles: 'sluice:recent-files',
  saveDialog: 'sluice:save-dialog',
  writeSave: 'sluice:write-save',
  commitSave: 'sluice:commit-save',
  abortSave: 'sluice:abort-save',
  menuCommand: 'sluice:menu-command',
} as const;

export const MENU_COMMANDS: readonly MenuCommand[] = ['open-file', 'close-dataset', 'about'];

/** Validates the argument of `openPath` as main receives it from the renderer. */
export function validateOpenPathArg(value: unknown): Result<string, string> {
  if (typeof value !== 'string') return { ok: false, error: 'path must be a string' };
  if (value.length === 0 || value.length > 4096) return { ok: false, error: 'path must be 1 to 4096 characters' };
  if (value.includes('\u0000')) return { ok: false, error: 'path must not contain NUL' };
  return { ok: true, value };
}

const SAVE_KINDS: readonly SaveKind[] = ['csv', 'parquet', 'json', 'ndjson', 'arrow', 'config'];
/** The largest chunk one `writeSave` call carries. */
export const MAX_SAVE_CHUNK = 64 * 1024 * 1024;

/** Validates the argument of `saveDialog` as main receives it: a plain file name and a known kind. */
export function validateSaveRequest(value: unknown): Result<SaveRequest, string> {
  if (value === null || typeof value !== 'object') return { ok: false, error: 'the request must be an object' };
  const { suggestedName, kind } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || !(SAVE_KINDS as readonly string[]).includes(kind)) return { ok: false, error: `kind must be one of ${SAVE_KINDS.join(', ')}` };
  if (typeof suggestedName !== 'string' || suggestedName.length === 0 || suggestedName.length > 255) return { ok: false, error: 'the suggested name must be 1 to 255 characters' };
  if (/[/\\]/.test(suggestedName) || suggestedName.includes('\u0000') || suggestedName === '.' || suggestedName === '..') return { ok: false, error: 'the suggested name must be a file name, without folders' };
  return { ok: true, value: { suggestedName, kind: kind as SaveKind } };
}

/** Validates a save token and, for `writeSave`, its chunk. */
export function validateSaveToken(value: unknown): Result<string, string> {
  return typeof value === 'string' && TOKEN_PATTERN.test(value) ? { ok: true, value } : { ok: false, error: 'not a save token' };
}

export function validateSaveChunk(value: unknown): Result<Uint8Array, string> {
  if (!(value instanceof Uint8Array)) return { ok: false, error: 'the chunk must be bytes' };
  if (value.byteLength > MAX_SAVE_CHUNK) return { ok: false, error: `a chunk must be at most ${MAX_SAVE_CHUNK} bytes` };
  return { ok: true, value };
}

/** Why main did not open a path: the sentence the renderer shows. */
export function notAllowedMessage(shown: string, reason: 'project' | 'not-picked'): string {
  return reason === 'project'
    ? `Sluice did not open ${shown}: the project asks for it, and you did not allow it.`
    : `Sluice did not open ${shown}: it opens only files you picked, or allowed when opening a project. Pick it with Open file.`;
}

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** The file protocol's scheme and the token format main issues. */
export const FILE_SCHEME = 'sluice-file';
export const TOKEN_PATTERN = /^[a-f0-9]{32}$/;
