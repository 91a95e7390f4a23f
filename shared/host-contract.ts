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

export type MenuCommand = 'open-file' | 'close-dataset' | 'about';

export interface HostApi {
  readonly kind: 'desktop' | 'web';
  /** Show the native open dialog. The web host returns an empty list: it uses an <input type="file">. */
  openFileDialog(): Promise<Result<HostFileRef[]>>;
  /** Reopen a file by path (recent files). Desktop only. */
  openPath(path: string): Promise<Result<HostFileRef>>;
  recentFiles(): Promise<Result<RecentFile[]>>;
  /** Subscribe to app-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names, one per invoked function. */
export const IPC = {
  openFileDialog: 'sluice:open-file-dialog',
  openPath: 'sluice:open-path',
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

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** The file protocol's scheme and the token format main issues. */
export const FILE_SCHEME = 'sluice-file';
export const TOKEN_PATTERN = /^[a-f0-9]{32}$/;
