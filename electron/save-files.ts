import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { err, errorMessage, ok, type Result } from '../shared/result.ts';

/**
 * Saves in progress (exports, pipeline configs): each is a temporary file beside the chosen target, named
 * `.<name>.<pid>-<random>.sluice-tmp`, so the final rename stays on one file system. Bytes are appended in
 * order; `commit` closes and renames it over the target; `abort` (or `abortAll`, when the window's page
 * crashes or the app quits) removes it. The renderer holds only the token, never the path.
 */

interface Save {
  target: string;
  temp: string;
  handle: FileHandle | null;
  /** The writes so far, in order: the next one starts when this settles. */
  queue: Promise<Result<void>>;
}

export class SaveFiles {
  readonly #saves = new Map<string, Save>();

  /** Start a save to `target` (canonical; the user chose it). Nothing is created until the first write or the commit. */
  begin(target: string): string {
    const token = randomBytes(16).toString('hex');
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.sluice-tmp`);
    this.#saves.set(token, { target, temp, handle: null, queue: Promise.resolve(ok(undefined)) });
    return token;
  }

  has(token: string): boolean {
    return this.#saves.has(token);
  }

  /** The target of a save in progress. */
  target(token: string): string | undefined {
    return this.#saves.get(token)?.target;
  }

  write(token: string, chunk: Uint8Array): Promise<Result<void>> {
    const save = this.#saves.get(token);
    if (!save) return Promise.resolve(unknownSave());
    save.queue = save.queue.then(async (previous) => {
      if (!previous.ok) return previous;
      try {
        save.handle ??= await open(save.temp, 'wx', 0o644);
        await save.handle.write(chunk);
        return ok(undefined);
      } catch (e) {
        return err({ kind: 'io', message: `Could not write ${path.basename(save.target)}: ${errorMessage(e)}`, file: path.basename(save.target) });
      }
    });
    return save.queue;
  }

  async commit(token: string): Promise<Result<void>> {
    const save = this.#saves.get(token);
    if (!save) return unknownSave();
    const written = await save.queue;
    if (!written.ok) {
      await this.abort(token);
      return written;
    }
    try {
      save.handle ??= await open(save.temp, 'wx', 0o644);
      await save.handle.sync();
      await save.handle.close();
      save.handle = null;
      await rename(save.temp, save.target);
      this.#saves.delete(token);
      return ok(undefined);
    } catch (e) {
      await this.abort(token);
      return err({ kind: 'io', message: `Could not save ${path.basename(save.target)}: ${errorMessage(e)}`, file: path.basename(save.target) });
    }
  }

  async abort(token: string): Promise<void> {
    const save = this.#saves.get(token);
    if (!save) return;
    this.#saves.delete(token);
    await save.queue.catch(() => undefined);
    await save.handle?.close().catch(() => undefined);
    await rm(save.temp, { force: true });
  }

  /** Remove every temporary file now (synchronous: for the page crashing or the app quitting). */
  abortAll(): void {
    for (const save of this.#saves.values()) {
      void save.handle?.close().catch(() => undefined);
      try {
        rmSync(save.temp, { force: true });
      } catch {
        // Best effort: the folder may be gone.
      }
    }
    this.#saves.clear();
  }
}

const unknownSave = (): Result<never> => err({ kind: 'invalid-argument', message: 'That save is not in progress (it was finished or cancelled).' });
