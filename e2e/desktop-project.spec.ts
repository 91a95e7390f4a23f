import { expect, test } from '@playwright/test';
import type { HostApi, OpenedProject } from '../shared/host-contract.ts';
import { emptyDocument } from '../shared/pipeline/document.ts';
import { projectJson } from '../shared/pipeline/project.ts';
import { fixture, openApp } from './support/app.ts';

// The renderer's side of desktop projects, in Chromium: a stand-in for the preload's HostApi answers as main
// would after the user allowed the project's folder only (main itself is unit-tested in desktop-access.test.ts).

const project: OpenedProject = {
  path: '/home/u/sales/sales.sluice.json',
  name: 'sales.sluice.json',
  text: projectJson(
    {
      ...emptyDocument(),
      sources: [
        { id: 'a', name: 'airports', file: { path: 'airports.csv', name: 'airports.csv' }, format: 'csv' },
        { id: 'k', name: 'key', file: { path: '/home/u/.ssh/id_rsa', name: 'id_rsa' }, format: 'csv' },
      ],
    },
    { selected: {}, shownSource: null },
  ),
  access: [
    { declared: 'airports.csv', mode: 'read', path: '/home/u/sales/airports.csv', shown: '~/sales/airports.csv', allowed: true },
    { declared: '/home/u/.ssh/id_rsa', mode: 'read', path: '/home/u/.ssh/id_rsa', shown: '~/.ssh/id_rsa', allowed: false },
  ],
};

test('desktop: a project opens only the files the user allowed, and names the ones refused', async ({ page }) => {
  await page.addInitScript((opened: OpenedProject) => {
    const asked: string[] = [];
    const host: HostApi = {
      kind: 'desktop',
      openFileDialog: () => Promise.resolve({ ok: true, value: [] }),
      // The allowed file has moved: main answers "not found", and the locate dialog takes over.
      openPath: (path) => {
        asked.push(path);
        return Promise.resolve({ ok: false, error: { kind: 'not-found', message: `${path} does not exist.` } });
      },
      openProjectDialog: () => Promise.resolve({ ok: true, value: opened }),
      recentFiles: () => Promise.resolve({ ok: true, value: [] }),
      saveDialog: () => Promise.resolve({ ok: true, value: null }),
      writeSave: () => Promise.resolve({ ok: true, value: undefined }),
      commitSave: () => Promise.resolve({ ok: true, value: undefined }),
      abortSave: () => Promise.resolve({ ok: true, value: undefined }),
      onMenuCommand: () => () => undefined,
    };
    Object.assign(window, { sluiceHost: host, openPathAsked: asked });
  }, project);
  await openApp(page);
  const asked = () => page.evaluate(() => (window as unknown as { openPathAsked: string[] }).openPathAsked);

  await page.getByRole('button', { name: 'Open project', exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Sluice did not open ~/.ssh/id_rsa: the project asks for it, and you did not allow it.' });
  await expect(refusal).toBeVisible();
  await expect(page.getByLabel('Locate airports.csv')).toBeVisible();
  await expect(page.getByLabel('Locate id_rsa')).toBeVisible();
  // Main was asked for the allowed file by its resolved path, never for the refused one.
  expect(await asked()).toEqual(['/home/u/sales/airports.csv']);

  // Locating a file does not look for the others by path again, nor repeat the refusal.
  await page.getByLabel('Locate airports.csv').setInputFiles(fixture('airports.csv'));
  await expect(page.getByLabel('Locate airports.csv')).toBeHidden();
  await expect(page.getByLabel('Locate id_rsa')).toBeVisible();
  await expect(refusal).toHaveCount(1);
  expect(await asked()).toEqual(['/home/u/sales/airports.csv']);
});
