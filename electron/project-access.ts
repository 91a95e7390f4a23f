import path from 'node:path';
import type { AccessMode } from '../shared/host-contract.ts';
import type { PipelineDocument } from '../shared/pipeline/document.ts';
import { canonicalPath, displayPath, isInside, visible } from './path-scope.ts';

/**
 * What a project file asks to read (its sources) and write (its outputs), sorted into the project's folder
 * (approved together) and elsewhere (each named), and the question put to the user. Pure logic: the dialog
 * itself is shown by `ipc.ts`.
 */

/** A path as the project declares it: absolute, or relative to the project file's folder. */
export interface DeclaredAccess {
  declared: string;
  mode: AccessMode;
}

export interface PlannedAccess extends DeclaredAccess {
  /** Canonical absolute path (`..` and symlinks resolved): what would really be opened. */
  path: string;
  /** In the project file's folder or below it, after resolving. */
  inside: boolean;
}

export interface AccessPlan {
  /** The project file's canonical path and folder. */
  project: string;
  folder: string;
  entries: PlannedAccess[];
}

/** Elsewhere paths are named one by one; past this many, the dialog cannot name them all and offers no "allow all". */
export const MAX_NAMED_ELSEWHERE = 20;
/** Files inside the folder are listed up to this many, then counted. */
const MAX_LISTED_INSIDE = 12;

export function declaredAccess(doc: PipelineDocument): DeclaredAccess[] {
  const all: DeclaredAccess[] = [
    ...doc.sources.map((s) => ({ declared: s.file.path, mode: 'read' as const })),
    ...doc.outputs.map((o) => ({ declared: o.path, mode: 'write' as const })),
  ];
  const seen = new Set<string>();
  return all.filter((a) => {
    const key = `${a.mode}\u0000${a.declared}`;
    if (a.declared === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Resolve each declared path against the project's folder. `projectPath` must be canonical (main resolved
 * it when it read the file). Two declarations may resolve to the same path: both entries are kept.
 */
export async function planAccess(projectPath: string, declared: readonly DeclaredAccess[]): Promise<AccessPlan> {
  const folder = path.dirname(projectPath);
  const entries: PlannedAccess[] = [];
  for (const d of declared) {
    const resolved = await canonicalPath(d.declared, folder);
    entries.push({ ...d, path: resolved, inside: isInside(folder, resolved) });
  }
  return { project: projectPath, folder, entries };
}

export type AccessChoice = 'all' | 'folder' | 'none';

export interface AccessPrompt {
  message: string;
  detail: string;
  buttons: string[];
  /** The choice each button stands for (same order as `buttons`). */
  choices: AccessChoice[];
  defaultId: number;
  cancelId: number;
}

const countOf = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const verb = (mode: AccessMode) => (mode === 'read' ? 'read ' : 'write');

/** The question about `entries` (the plan's entries not decided yet) for the project named `projectName`. */
export function accessPrompt(plan: AccessPlan, entries: readonly PlannedAccess[], projectName: string, home: string): AccessPrompt {
  const inside = entries.filter((e) => e.inside);
  const elsewhere = entries.filter((e) => !e.inside);
  const reads = entries.filter((e) => e.mode === 'read').length;
  const writes = entries.length - reads;
  const asks = [reads > 0 ? `read ${countOf(reads, 'file')}` : '', writes > 0 ? `write ${countOf(writes, 'file')}` : ''].filter(Boolean).join(' and ');
  const lines: string[] = [];
  if (inside.length > 0) {
    lines.push(`In the project's folder, ${displayPath(plan.folder, home)} (allowed together):`);
    for (const e of inside.slice(0, MAX_LISTED_INSIDE)) lines.push(`  ${verb(e.mode)}  ${visible(path.relative(plan.folder, e.path)) || '.'}`);
    if (inside.length > MAX_LISTED_INSIDE) lines.push(`  … and ${countOf(inside.length - MAX_LISTED_INSIDE, 'more file')}`);
  }
  const tooMany = elsewhere.length > MAX_NAMED_ELSEWHERE;
  if (elsewhere.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('Elsewhere on this computer:');
    for (const e of elsewhere.slice(0, MAX_NAMED_ELSEWHERE)) lines.push(`  ${verb(e.mode)}  ${displayPath(e.path, home)}`);
    if (tooMany) lines.push(`  … and ${countOf(elsewhere.length - MAX_NAMED_ELSEWHERE, 'more file')}: too many to name, so Sluice will not use any file outside the project's folder.`);
  }
  lines.push('', 'Sluice opens none of them until you choose. Files you do not allow stay missing; you can locate them yourself.');

  const options: { label: string; choice: AccessChoice }[] = [];
  if (elsewhere.length > 0 && !tooMany) options.push({ label: inside.length > 0 ? 'Allow all' : 'Allow', choice: 'all' });
  if (inside.length > 0) options.push({ label: elsewhere.length > 0 ? "Allow the project's folder only" : 'Allow', choice: elsewhere.length > 0 ? 'folder' : 'all' });
  options.push({ label: 'Allow none', choice: 'none' });
  const cancelId = options.length - 1;
  // The default never reaches outside the project's folder.
  const folderOnly = options.findIndex((o) => o.choice === 'folder' || (o.choice === 'all' && elsewhere.length === 0));
  return {
    message: `The project “${visible(projectName)}” asks Sluice to ${asks}.`,
    detail: lines.join('\n'),
    buttons: options.map((o) => o.label),
    choices: options.map((o) => o.choice),
    defaultId: folderOnly >= 0 ? folderOnly : cancelId,
    cancelId,
  };
}

/** Which of `entries` a choice allows. "all" never covers more elsewhere paths than the dialog could name. */
export function allowedBy(choice: AccessChoice, entry: PlannedAccess, elsewhereCount: number): boolean {
  if (choice === 'none') return false;
  if (entry.inside) return true;
  return choice === 'all' && elsewhereCount <= MAX_NAMED_ELSEWHERE;
}
