import type { AccessMode } from '../shared/host-contract.ts';
import { JsonFile } from './json-file.ts';

/**
 * What the user decided about a project's files, remembered per project file: its canonical path and the
 * SHA-256 of its content. Reopening the same file asks nothing; a changed file (another hash) is asked
 * about afresh. Kept as JSON in userData.
 */

export interface AccessDecision {
  mode: AccessMode;
  /** Canonical absolute path. */
  path: string;
  allowed: boolean;
}

export interface ApprovalRecord {
  project: string;
  sha256: string;
  decidedAt: string;
  decisions: AccessDecision[];
}

const MAX_RECORDS = 500;
const FORMAT = 'sluice.project-approvals';

export class ApprovalStore {
  #records: ApprovalRecord[] | null = null;
  readonly #store: JsonFile;

  constructor(file: string) {
    this.#store = new JsonFile(file, 'project approvals');
  }

  /** The decisions for this exact file content, if the user made any. */
  async find(project: string, sha256: string): Promise<ApprovalRecord | undefined> {
    return (await this.#load()).find((r) => r.project === project && r.sha256 === sha256);
  }

  /** Remember decisions for this content; any record for an older content of the same file is dropped. */
  async remember(project: string, sha256: string, decisions: readonly AccessDecision[]): Promise<void> {
    const record: ApprovalRecord = { project, sha256, decidedAt: new Date().toISOString(), decisions: [...decisions] };
    const next = [record, ...(await this.#load()).filter((r) => r.project !== project)].slice(0, MAX_RECORDS);
    this.#records = next;
    await this.#store.write({ format: FORMAT, version: 1, records: next });
  }

  async #load(): Promise<ApprovalRecord[]> {
    if (this.#records) return this.#records;
    const parsed = await this.#store.read();
    const records = isObject(parsed) && parsed.format === FORMAT && Array.isArray(parsed.records) ? parsed.records.filter(isRecord) : [];
    this.#records = records;
    return records;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isDecision(v: unknown): v is AccessDecision {
  return isObject(v) && (v.mode === 'read' || v.mode === 'write') && typeof v.path === 'string' && typeof v.allowed === 'boolean';
}

function isRecord(v: unknown): v is ApprovalRecord {
  return (
    isObject(v) &&
    typeof v.project === 'string' &&
    typeof v.sha256 === 'string' &&
    /^[a-f0-9]{64}$/.test(v.sha256) &&
    typeof v.decidedAt === 'string' &&
    Array.isArray(v.decisions) &&
    v.decisions.every(isDecision)
  );
}
