import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessGrants } from '../../electron/access-grants.ts';
import { ApprovalStore } from '../../electron/approvals.ts';
import { FileRegistry } from '../../electron/file-protocol.ts';
import { registerIpc } from '../../electron/ipc.ts';
import { RecentFiles } from '../../electron/recent-files.ts';
import { SaveFiles } from '../../electron/save-files.ts';
import { IPC, type SaveTarget } from '../../shared/host-contract.ts';
import type { Result } from '../../shared/result.ts';

/**
 * Desktop saves (exports, pipeline configs) through main, with the `electron` module stubbed: main shows the
 * save dialog and keeps the path; the page writes through a token to a temporary file beside the target,
 * which becomes the target only on commit and is removed on abort or when the page crashes.
 */

const stub = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  /** What the next save dialog returns (null: cancelled). */
  saves: [] as (string | null)[],
  dialogs: [] as { defaultPath?: string; filters?: { name: string; extensions: string[] }[] }[],
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => stub.handlers.set(channel, handler),
  },
  BrowserWindow: { fromWebContents: () => null },
  dialog: {
    showSaveDialog: (options: { defaultPath?: string; filters?: { name: string; extensions: string[] }[] }) => {
      stub.dialogs.push(options);
      const picked = stub.saves.shift() ?? null;
      return Promise.resolve(picked === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: picked });
    },
  },
}));

const APP_EVENT = { senderFrame: { url: 'app://sluice/index.html' }, sender: {} };
const OTHER_EVENT = { senderFrame: { url: 'https://example.com/' }, sender: {} };

let root: string;
let saves: SaveFiles;

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'sluice-desktop-save-')));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  stub.handlers.clear();
  stub.saves.length = 0;
  stub.dialogs.length = 0;
  saves = new SaveFiles();
  registerIpc({
    registry: new FileRegistry(),
    recent: new RecentFiles(join(root, 'recent.json')),
    grants: new AccessGrants(),
    approvals: new ApprovalStore(join(root, 'approvals.json')),
    home: root,
    onRecentChanged: () => undefined,
    takeDialogDefaultPath: () => undefined,
    saves,
  });
});

const invoke = <T>(channel: string, ...args: unknown[]) => stub.handlers.get(channel)!(APP_EVENT, ...args) as Promise<Result<T>>;
const bytes = (text: string) => new TextEncoder().encode(text);
const temps = async () => (await readdir(root)).filter((f) => f.endsWith('.sluice-tmp'));

async function pick(path: string, suggestedName = 'ca.csv', kind = 'csv'): Promise<SaveTarget> {
  stub.saves.push(path);
  const target = await invoke<SaveTarget | null>(IPC.saveDialog, { suggestedName, kind });
  if (!target.ok || target.value === null) throw new Error(`expected a target, got ${JSON.stringify(target)}`);
  return target.value;
}

describe('desktop saves', () => {
  it('write to a temporary file beside the target, which appears only on commit', async () => {
    const path = join(root, 'ca.csv');
    const target = await pick(path);
    expect(target).toMatchObject({ name: 'ca.csv', path, buffered: false });
    expect(target.token).toMatch(/^[a-f0-9]{32}$/);
    expect(stub.dialogs[0]).toMatchObject({ defaultPath: 'ca.csv', filters: [{ name: 'CSV', extensions: ['csv'] }, { name: 'All files', extensions: ['*'] }] });
    expect(await invoke(IPC.writeSave, target.token, bytes('a,b\n'))).toEqual({ ok: true, value: undefined });
    expect(await invoke(IPC.writeSave, target.token, bytes('1,2\n'))).toEqual({ ok: true, value: undefined });
    expect(await temps()).toHaveLength(1);
    expect((await readdir(root)).includes('ca.csv')).toBe(false);
    expect(await invoke(IPC.commitSave, target.token)).toEqual({ ok: true, value: undefined });
    expect(await readFile(path, 'utf8')).toBe('a,b\n1,2\n');
    expect(await temps()).toEqual([]);
    // The token is spent.
    expect(await invoke(IPC.writeSave, target.token, bytes('x'))).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
  });

  it('abort removes the temporary file and leaves an existing file as it was', async () => {
    const path = join(root, 'kept.csv');
    await writeFile(path, 'old\n');
    const target = await pick(path, 'kept.csv');
    await invoke(IPC.writeSave, target.token, bytes('new, half written'));
    expect(await invoke(IPC.abortSave, target.token)).toEqual({ ok: true, value: undefined });
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await temps()).toEqual([]);
  });

  it('a crash of the page (abortAll) removes every temporary file', async () => {
    const a = await pick(join(root, 'a.parquet'), 'a.parquet', 'parquet');
    const b = await pick(join(root, 'b.json'), 'b.json', 'json');
    await invoke(IPC.writeSave, a.token, bytes('PAR1'));
    await invoke(IPC.writeSave, b.token, bytes('['));
    expect(await temps()).toHaveLength(2);
    saves.abortAll();
    expect(await temps()).toEqual([]);
    expect(await invoke(IPC.commitSave, a.token)).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
  });

  it('a cancelled dialog gives null and starts nothing', async () => {
    expect(await invoke(IPC.saveDialog, { suggestedName: 'x.csv', kind: 'csv' })).toEqual({ ok: true, value: null });
  });

  it('validates every input, and answers only the app', async () => {
    for (const bad of [null, 'x.csv', { suggestedName: '../x.csv', kind: 'csv' }, { suggestedName: 'x.csv', kind: 'exe' }, { suggestedName: '', kind: 'csv' }, { suggestedName: 'a\\b.csv', kind: 'csv' }]) {
      expect(await invoke(IPC.saveDialog, bad)).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    }
    expect(stub.dialogs).toEqual([]);
    const target = await pick(join(root, 'v.csv'), 'v.csv');
    expect(await invoke(IPC.writeSave, target.token, 'text, not bytes')).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    expect(await invoke(IPC.writeSave, 'f'.repeat(32), bytes('x'))).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    expect(await invoke(IPC.writeSave, '../../etc/passwd', bytes('x'))).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    expect(await stub.handlers.get(IPC.saveDialog)!(OTHER_EVENT, { suggestedName: 'x.csv', kind: 'csv' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await stub.handlers.get(IPC.writeSave)!(OTHER_EVENT, target.token, bytes('x'))).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    await invoke(IPC.abortSave, target.token);
  });

  it('offers the config filter for pipeline configs', async () => {
    const target = await pick(join(root, 'ca.sluice.json'), 'ca.sluice.json', 'config');
    expect(stub.dialogs.at(-1)?.filters?.[0]).toEqual({ name: 'Sluice pipeline config', extensions: ['json'] });
    await invoke(IPC.writeSave, target.token, bytes('{}'));
    expect(await invoke(IPC.commitSave, target.token)).toEqual({ ok: true, value: undefined });
    expect(await readFile(join(root, 'ca.sluice.json'), 'utf8')).toBe('{}');
  });
});
