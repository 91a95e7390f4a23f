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
  /** Subscribe to app-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names, one per invoked function. */
export const IPC = {
  openFileDialog: 'sluice:open-file-dialog',
  openPath: 'sluice:open-path',
  openProjectDialog: 'sluice:open-project-dialog',
  recentFiles: 'sluice:recent-files',
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
