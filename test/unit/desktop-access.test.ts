import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessGrants } from '../../electron/access-grants.ts';
import { ApprovalStore } from '../../electron/approvals.ts';
import { FileRegistry } from '../../electron/file-protocol.ts';
import { registerIpc } from '../../electron/ipc.ts';
import { RecentFiles } from '../../electron/recent-files.ts';
import { IPC, type HostFileRef, type OpenedProject, type RecentFile } from '../../shared/host-contract.ts';
import { emptyDocument, type Output, type Source } from '../../shared/pipeline/document.ts';
import { projectJson } from '../../shared/pipeline/project.ts';
import type { Result } from '../../shared/result.ts';

// The `electron` module, stubbed: ipcMain records the handlers, the dialogs answer what each test sets.
interface MessageBox {
  message: string;
  detail: string;
  buttons: string[];
  cancelId: number;
}
const stub = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  /** What the next open dialog returns (null: cancelled). */
  picks: [] as (string[] | null)[],
  /** The label of the button the user presses in the next message box (absent: the dialog is dismissed). */
  answers: [] as string[],
  boxes: [] as MessageBox[],
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => stub.handlers.set(channel, handler),
  },
  BrowserWindow: { fromWebContents: () => null },
  dialog: {
    showOpenDialog: () => {
      const paths = stub.picks.shift() ?? null;
      return Promise.resolve(paths === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: paths });
    },
    showMessageBox: (box: MessageBox) => {
      stub.boxes.push(box);
      const answer = stub.answers.shift();
      const response = answer === undefined ? box.cancelId : box.buttons.indexOf(answer);
      if (response < 0) throw new Error(`No button "${answer}" in ${JSON.stringify(box.buttons)}`);
      return Promise.resolve({ response, checkboxChecked: false });
    },
  },
}));

const APP_EVENT = { senderFrame: { url: 'app://sluice/index.html' }, sender: {} };
const OTHER_EVENT = { senderFrame: { url: 'https://example.com/' }, sender: {} };

// root/
//   home/  .ssh/id_rsa  data/picked.csv
//   projects/sales/  sales.sluice.json  a.csv  sub/b.csv  escape -> ../../home/.ssh (symlink)
let root: string;
let home: string;
let folder: string;
let secret: string;
let picked: string;
let projectFile: string;
let userData: string;

const source = (id: string, path: string): Source => ({ id, name: id, file: { path, name: id }, format: 'csv' });
async function writeProject(sources: Source[], outputs: Output[] = []): Promise<void> {
  const pipelines = outputs.map((o) => ({ id: o.pipeline, name: o.pipeline, input: { kind: 'source' as const, id: sources[0]?.id ?? '' }, steps: [] }));
  await writeFile(projectFile, projectJson({ ...emptyDocument(), sources, pipelines, outputs }, { selected: {}, shownSource: null }, '2026-01-01T00:00:00.000Z'));
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'sluice-desktop-access-')));
  home = join(root, 'home');
  folder = join(root, 'projects', 'sales');
  secret = join(home, '.ssh', 'id_rsa');
  picked = join(home, 'data', 'picked.csv');
  projectFile = join(folder, 'sales.sluice.json');
  await mkdir(join(home, '.ssh'), { recursive: true });
  await mkdir(join(home, 'data'));
  await mkdir(join(folder, 'sub'), { recursive: true });
  await writeFile(secret, 'PRIVATE KEY\n');
  await writeFile(picked, 'x\n1\n');
  await writeFile(join(folder, 'a.csv'), 'a\n1\n');
  await writeFile(join(folder, 'sub', 'b.csv'), 'b\n2\n');
  await symlink(join(home, '.ssh'), join(folder, 'escape'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh main process: its own grants; recent files and approvals in `userData` (which survives a restart). */
function startMain() {
  stub.handlers.clear();
  const registry = new FileRegistry();
  const recentChanges: RecentFile[][] = [];
  registerIpc({
    registry,
    recent: new RecentFiles(join(userData, 'recent-files.json')),
    grants: new AccessGrants(),
    approvals: new ApprovalStore(join(userData, 'project-approvals.json')),
    home,
    onRecentChanged: (list) => recentChanges.push(list),
    takeDialogDefaultPath: () => undefined,
  });
  const invoke = <T>(channel: string, ...args: unknown[]): Promise<Result<T>> => {
    const handler = stub.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(APP_EVENT, ...args) as Promise<Result<T>>;
  };
  return {
    registry,
    recentChanges,
    openPath: (path: unknown) => invoke<HostFileRef>(IPC.openPath, path),
    openFileDialog: () => invoke<HostFileRef[]>(IPC.openFileDialog),
    openProject: () => invoke<OpenedProject | null>(IPC.openProjectDialog),
    fromElsewhere: (channel: string, ...args: unknown[]) => stub.handlers.get(channel)?.(OTHER_EVENT, ...args),
  };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The project main opened (not a cancelled dialog). */
function opened(result: Result<OpenedProject | null>): OpenedProject {
  const project = value(result);
  if (project === null) throw new Error('expected a project, the dialog was cancelled');
  return project;
}

beforeEach(async () => {
  userData = await mkdtemp(join(root, 'user-data-'));
  stub.picks.length = 0;
  stub.answers.length = 0;
  stub.boxes.length = 0;
});

describe('openPath: only what the user picked or allowed', () => {
  it('refuses a path the renderer names on its own, without opening it or saying whether it exists', async () => {
    const main = startMain();
    const refused = await main.openPath(secret);
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'not-allowed', file: 'id_rsa', message: 'Sluice did not open ~/.ssh/id_rsa: it opens only files you picked, or allowed when opening a project. Pick it with Open file.' },
    });
    expect(await main.openPath(join(home, '.aws', 'credentials'))).toMatchObject({ ok: false, error: { kind: 'not-allowed' } });
    expect(main.recentChanges).toEqual([]);
  });

  it('refuses relative paths and calls from other pages', async () => {
    const main = startMain();
    expect(await main.openPath('id_rsa')).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    expect(await main.openPath(42)).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    expect(await main.fromElsewhere(IPC.openPath, picked)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await main.fromElsewhere(IPC.openProjectDialog)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('opens a file picked in the open dialog again by path, also through `..`, and remembers it in recent files', async () => {
    const main = startMain();
    stub.picks.push([picked]);
    const [ref] = value(await main.openFileDialog());
    expect(ref?.path).toBe(picked);
    const again = value(await main.openPath(join(home, '.ssh', '..', 'data', 'picked.csv')));
    expect(again.path).toBe(picked);
    expect(main.registry.resolve(again.token)).toBe(picked);
    expect(main.recentChanges.at(-1)?.map((r) => r.path)).toEqual([picked]);
  });

  it('reopens recent files after a restart: main kept that list itself', async () => {
    stub.picks.push([picked]);
    value(await startMain().openFileDialog());
    const restarted = startMain();
    expect(value(await restarted.openPath(picked)).path).toBe(picked);
    expect(await restarted.openPath(secret)).toMatchObject({ ok: false, error: { kind: 'not-allowed' } });
  });
});

describe('openProjectDialog: the user decides which files a project may use', () => {
  const declared = () => [source('a', 'a.csv'), source('b', join(folder, 'sub', 'b.csv')), source('key', '../../home/.ssh/id_rsa'), source('esc', 'escape/id_rsa'), source('up', '../../home/data/picked.csv')];

  it('lists the files before reading any, grants the folder only when asked to, and refuses the rest with a reason', async () => {
    await writeProject(declared(), [{ pipeline: 'p', path: '/tmp/sluice-out.csv', format: 'csv' }]);
    const main = startMain();
    stub.picks.push([projectFile]);
    stub.answers.push("Allow the project's folder only");
    const project = opened(await main.openProject());

    expect(stub.boxes).toHaveLength(1);
    const box = stub.boxes[0]!;
    expect(box.message).toBe('The project “sales.sluice.json” asks Sluice to read 4 files and write 1 file.');
    expect(box.detail).toContain(`In the project's folder, ${folder} (allowed together):\n  read   a.csv\n  read   sub/b.csv`);
    // `..` and the symlink escape the folder: each is named with the path it really reaches.
    expect(box.detail).toContain('Elsewhere on this computer:\n  read   ~/.ssh/id_rsa\n  read   ~/data/picked.csv\n  write  /tmp/sluice-out.csv');
    expect(box.buttons).toEqual(['Allow all', "Allow the project's folder only", 'Allow none']);

    expect(project.path).toBe(projectFile);
    expect(project.text).toBe(await readFile(projectFile, 'utf8'));
    expect(project.access.map((a) => [a.declared, a.path, a.allowed])).toEqual([
      ['a.csv', join(folder, 'a.csv'), true],
      [join(folder, 'sub', 'b.csv'), join(folder, 'sub', 'b.csv'), true],
      ['../../home/.ssh/id_rsa', secret, false],
      ['escape/id_rsa', secret, false],
      ['../../home/data/picked.csv', picked, false],
      ['/tmp/sluice-out.csv', '/tmp/sluice-out.csv', false],
    ]);
    expect(project.access.every((a) => !a.path.includes('..'))).toBe(true);

    expect(value(await main.openPath(join(folder, 'a.csv'))).path).toBe(join(folder, 'a.csv'));
    expect(value(await main.openPath(join(folder, 'sub', 'b.csv'))).name).toBe('b.csv');
    expect(await main.openPath(secret)).toEqual({
      ok: false,
      error: { kind: 'not-allowed', file: 'id_rsa', message: 'Sluice did not open ~/.ssh/id_rsa: the project asks for it, and you did not allow it.' },
    });
    expect(await main.openPath(join(folder, 'escape', 'id_rsa'))).toMatchObject({ ok: false, error: { kind: 'not-allowed' } });
  });

  it('allows files elsewhere only with "Allow all", and nothing when the dialog is dismissed', async () => {
    await writeProject(declared());
    const main = startMain();
    stub.picks.push([projectFile]);
    stub.answers.push('Allow all');
    expect(opened(await main.openProject()).access.every((a) => a.allowed)).toBe(true);
    expect(value(await main.openPath(secret)).path).toBe(secret);

    await writeProject([source('a', 'a.csv'), source('up', '../../home/data/picked.csv')]);
    const other = startMain();
    stub.picks.push([projectFile]);
    expect(opened(await other.openProject()).access.map((a) => a.allowed)).toEqual([false, false]);
    expect(await other.openPath(join(folder, 'a.csv'))).toMatchObject({ ok: false, error: { kind: 'not-allowed' } });
  });

  it('remembers the decision by project path and content: reopening asks nothing, also after a restart', async () => {
    await writeProject(declared());
    const main = startMain();
    stub.picks.push([projectFile]);
    stub.answers.push("Allow the project's folder only");
    const first = opened(await main.openProject());

    stub.picks.push([projectFile], [projectFile]);
    expect(opened(await main.openProject()).access).toEqual(first.access);
    const restarted = startMain();
    const again = opened(await restarted.openProject());
    expect(stub.boxes).toHaveLength(1);
    expect(again.access).toEqual(first.access);
    expect(value(await restarted.openPath(join(folder, 'a.csv'))).name).toBe('a.csv');
    expect(await restarted.openPath(secret)).toMatchObject({ ok: false, error: { message: expect.stringContaining('the project asks for it') } });
  });

  it('asks again when the project file changed (another hash), about every path it declares', async () => {
    await writeProject([source('a', 'a.csv')]);
    const main = startMain();
    stub.picks.push([projectFile]);
    stub.answers.push('Allow');
    opened(await main.openProject());

    await writeProject([source('a', 'a.csv'), source('key', secret)]);
    const restarted = startMain();
    stub.picks.push([projectFile]);
    stub.answers.push("Allow the project's folder only");
    const changed = opened(await restarted.openProject());
    expect(stub.boxes).toHaveLength(2);
    expect(stub.boxes[1]!.detail).toContain('read   a.csv');
    expect(stub.boxes[1]!.detail).toContain('read   ~/.ssh/id_rsa');
    expect(changed.access.map((a) => a.allowed)).toEqual([true, false]);
  });

  it('refuses a file that is not a project, asking nothing and granting nothing', async () => {
    await writeFile(join(folder, 'broken.sluice.json'), '{"sources": "nope"');
    const main = startMain();
    stub.picks.push([join(folder, 'broken.sluice.json')]);
    expect(await main.openProject()).toMatchObject({ ok: false, error: { kind: 'project-invalid', file: 'broken.sluice.json' } });
    expect(stub.boxes).toHaveLength(0);
    stub.picks.push(null);
    expect(value(await main.openProject())).toBeNull();
  });
});
