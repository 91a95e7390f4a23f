import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../shared/result.ts';

/**
 * A small JSON file in userData (recent files, project approvals). Reads give `undefined` when the file
 * is missing or not JSON; writes go through a temp file and a rename, one at a time, so an older value
 * never lands after a newer one.
 */
export class JsonFile {
  #writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly what: string,
  ) {}

  async read(): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  write(value: unknown): Promise<void> {
    const text = JSON.stringify(value, null, 2);
    this.#writing = this.#writing
      .then(async () => {
        await mkdir(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.tmp`;
        await writeFile(tmp, text);
        await rename(tmp, this.file);
      })
      .catch((e: unknown) => console.error(`Sluice: could not save ${this.what}: ${errorMessage(e)}`));
    return this.#writing;
  }
}
