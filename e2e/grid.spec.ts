import { expect, test } from '@playwright/test';
import { datasetItem, grid, openApp, pickFiles } from './support/app.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('sorts from the column menu; the sort runs in DuckDB', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Column menu for iata' }).click();
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem', { name: 'Sort ascending' })).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Sort descending' }).click();
  await expect(grid(page).getByRole('row').nth(1).getByRole('gridcell').first()).toHaveText('A3375');
  await page.getByRole('button', { name: 'Column menu for iata' }).click();
  await page.getByRole('menuitem', { name: 'Sort ascending' }).click();
  await expect(grid(page).getByRole('row').nth(1).getByRole('gridcell').first()).toHaveText('A0000');
});

test('scrolls a 1M-row CSV to its last row and back with Ctrl+End and Ctrl+Home, focus following', async ({ page }) => {
  await pickFiles(page, 'big-1m.csv');
  await expect(datasetItem(page, 'big_1m')).toBeVisible();
  await expect(page.locator('.dataset-header').getByText('1,000,000 rows', { exact: true })).toBeVisible({ timeout: 45_000 });
  await grid(page).getByRole('gridcell', { name: 'row 1', exact: true }).click();
  await page.keyboard.press('Control+End');
  await expect(grid(page).getByRole('gridcell', { name: 'row 1000000', exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(grid(page).getByRole('gridcell', { name: 'row 1000000', exact: true })).toBeFocused();
  await page.keyboard.press('Control+Home');
  await expect(grid(page).getByRole('gridcell', { name: 'row 1', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(grid(page).getByRole('gridcell', { name: 'row 2', exact: true })).toBeFocused();
});

test('shows nulls distinctly and types in headers', async ({ page }) => {
  await pickFiles(page, 'people.tsv');
  await expect(grid(page).getByRole('gridcell', { name: 'NULL', exact: true })).toHaveClass(/cell-null/);
  await expect(page.getByRole('columnheader').filter({ hasText: 'age' })).toContainText('BIGINT');
});

test('copies selected cells as TSV with headers', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await pickFiles(page, 'people.tsv');
  await grid(page).getByRole('gridcell', { name: 'Ada', exact: true }).click();
  await grid(page).getByRole('gridcell', { name: 'Helsinki', exact: true }).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  await expect(page.getByRole('status')).toContainText('Copied 3 × 3 cells');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toBe('name\tage\tcity\nAda\t36\tLondon\nGrace\t45\tNew York\nLinus\t\tHelsinki');
});

test('renames and removes datasets', async ({ page }) => {
  await pickFiles(page, 'people.tsv', 'movies.json');
  await page.getByRole('button', { name: 'Rename people' }).click();
  await page.getByLabel('New table name').fill('staff members');
  await page.getByLabel('New table name').press('Enter');
  await expect(datasetItem(page, 'staff members')).toBeVisible();
  await page.getByRole('button', { name: 'staff members', exact: true }).click();
  await expect(grid(page).getByRole('gridcell', { name: 'Grace', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Remove staff members' }).click();
  await expect(datasetItem(page, 'staff members')).toHaveCount(0);
  await expect(datasetItem(page, 'movies')).toBeVisible();
});

test('a file over the in-memory limit stays on disk and still counts, scrolls and sorts', async ({ page }) => {
  // The limit is lowered to 1 MB so a 40 MB file takes the path a multi-GB file takes.
  await openApp(page, '?materializeLimitMB=1');
  await pickFiles(page, 'big-1m.csv');
  await expect(page.getByText(/big-1m\.csv is large: it stays on disk/)).toBeVisible();
  await expect(page.locator('.dataset-header').getByText('1,000,000 rows', { exact: true })).toBeVisible({ timeout: 45_000 });
  await grid(page).getByRole('gridcell', { name: 'row 1', exact: true }).click();
  await page.keyboard.press('Control+End');
  await expect(grid(page).getByRole('gridcell', { name: 'row 1000000', exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Column menu for id' }).click();
  await page.getByRole('menuitem', { name: 'Sort descending' }).click();
  await expect(grid(page).getByRole('row').nth(1).getByRole('gridcell').first()).toHaveText('1000000', { timeout: 30_000 });
});
