import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { DATA_DIR } from './make-fixtures.ts';

export const fixture = (name: string) => join(DATA_DIR, name);

/** Open the app and wait until the engine is up (the "Open file" button is shown). */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('button', { name: 'Open file' }).first()).toBeVisible({ timeout: 30_000 });
}

/** Pick files through the standard file input, as a user would with the picker. */
export async function pickFiles(page: Page, ...names: string[]): Promise<void> {
  await page.getByLabel('Open files').setInputFiles(names.map(fixture));
}

export function datasets(page: Page) {
  return page.getByRole('region', { name: 'Datasets' });
}

export function datasetItem(page: Page, name: string) {
  return datasets(page).getByRole('listitem').filter({ has: page.getByRole('button', { name, exact: true }) });
}

export function grid(page: Page) {
  return page.getByRole('treegrid').or(page.getByRole('grid')).first();
}
