import path from 'node:path';
import type { RecentFile } from '../shared/host-contract.ts';
import { JsonFile } from './json-file.ts';

const MAX_RECENT = 10;

/** Recent files, most recent first, kept in a JSON file (in userData). Main adds a file only after opening it itself. */
export class RecentFiles {
  #list: RecentFile[] | null = null;
  readonly #store: JsonFile;

  constructor(file: string) {
    this.#store = new JsonFile(file, 'recent files');
  }

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
    await this.#store.write(next);
    return [...next];
  }

  async #load(): Promise<RecentFile[]> {
    const parsed = await this.#store.read();
    return Array.isArray(parsed) ? parsed.filter(isRecentFile).slice(0, MAX_RECENT) : [];
  }
}

function isRecentFile(value: unknown): value is RecentFile {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string';
}
