import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedProject } from '../shared/host-contract.ts';
import { parseProject } from '../shared/pipeline/project.ts';
import { err, errorMessage, ok, type Result } from '../shared/result.ts';
import type { AccessGrants } from './access-grants.ts';
import type { AccessDecision, ApprovalStore } from './approvals.ts';
import { canonicalPath, displayPath } from './path-scope.ts';
import { accessPrompt, allowedBy, declaredAccess, planAccess, type AccessChoice, type AccessPrompt, type PlannedAccess } from './project-access.ts';

/**
 * Opening a project file the user picked in main's dialog: main reads it itself (so the path and content
 * hash are its own), lists the files it declares, asks the user about those not decided for this content
 * yet, remembers the answer, and grants only what was allowed. No `electron` import: the dialog is `ask`.
 */

/** Projects are small JSON; anything bigger is not one. */
const MAX_PROJECT_BYTES = 32 * 1024 * 1024;

export interface ProjectOpenDeps {
  grants: AccessGrants;
  approvals: ApprovalStore;
  /** The user's home folder, shown as `~`. */
  home: string;
  /** Shows the question; resolves to the choice of the button pressed. */
  ask(prompt: AccessPrompt): Promise<AccessChoice>;
}

const decisionKey = (e: { mode: string; path: string }) => `${e.mode}\u0000${e.path}`;
const unique = (entries: readonly PlannedAccess[]) => [...new Map(entries.map((e) => [decisionKey(e), e])).values()];

export async function openProjectFile(filePath: string, deps: ProjectOpenDeps): Promise<Result<OpenedProject>> {
  const project = await canonicalPath(filePath);
  const name = path.basename(project);
  let bytes: Buffer;
  try {
    const info = await stat(project);
    if (!info.isFile()) return err({ kind: 'not-a-file', message: `${project} is not a regular file.`, file: name });
    if (info.size > MAX_PROJECT_BYTES) return err({ kind: 'project-invalid', message: `${name} is too large to be a Sluice project.`, file: name });
    bytes = await readFile(project);
  } catch (e) {
    return err({ kind: 'io', message: `Could not read the project ${project}: ${errorMessage(e)}`, file: name });
  }
  const text = bytes.toString('utf8');
  const parsed = parseProject(text);
  if (!parsed.ok) return err({ kind: 'project-invalid', message: `${name} cannot be opened:\n${parsed.error}`, file: name });

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const plan = await planAccess(project, declaredAccess(parsed.value.pipeline));
  const record = await deps.approvals.find(project, sha256);
  const decided = new Map<string, boolean>((record?.decisions ?? []).map((d) => [decisionKey(d), d.allowed]));
  const undecided = unique(plan.entries.filter((e) => !decided.has(decisionKey(e))));
  if (undecided.length > 0) {
    const choice = await deps.ask(accessPrompt(plan, undecided, name, deps.home));
    const elsewhere = undecided.filter((e) => !e.inside).length;
    for (const e of undecided) decided.set(decisionKey(e), allowedBy(choice, e, elsewhere));
    const decisions: AccessDecision[] = unique(plan.entries).map((e) => ({ mode: e.mode, path: e.path, allowed: decided.get(decisionKey(e)) === true }));
    await deps.approvals.remember(project, sha256, decisions);
  }

  const allowed = (e: PlannedAccess) => decided.get(decisionKey(e)) === true;
  for (const e of plan.entries) {
    if (allowed(e)) deps.grants.grant(e.mode, e.path);
    else deps.grants.refuse(e.mode, e.path, name);
  }
  return ok({
    path: project,
    name,
    text,
    access: plan.entries.map((e) => ({ declared: e.declared, mode: e.mode, path: e.path, shown: displayPath(e.path, deps.home), allowed: allowed(e) })),
  });
}
