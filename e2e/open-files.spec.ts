import { expect, test } from '@playwright/test';
import { datasetItem, datasets, grid, openApp, pickFiles } from './support/app.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('opens a CSV through the picker and shows rows and the row count', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(datasetItem(page, 'airports')).toBeVisible();
  // The row count is on screen once, as text (a strict locator: no other element says "3,376 rows").
  await expect(page.getByText('3,376 rows')).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: 'A0000', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Column menu for latitude' })).toBeVisible();
});

for (const [file, table, rows, cell] of [
  ['flights.parquet', 'flights', '50,000 rows', 'AA'],
  ['movies.json', 'movies', '500 rows', 'Movie 0'],
  ['events.ndjson', 'events', '1,200 rows', 'click'],
  ['table.arrow', 'table_data', '2,000 rows', 'L0'],
  ['stream.arrows', 'stream', '2,000 rows', 'L0'],
  ['people.tsv', 'people', '3 rows', 'Grace'],
] as const) {
  test(`opens ${file}`, async ({ page }) => {
    await pickFiles(page, file);
    await expect(datasetItem(page, table)).toBeVisible();
    await expect(page.locator('.dataset-header').getByText(rows, { exact: true })).toBeVisible();
    await expect(grid(page).getByRole('gridcell', { name: cell, exact: true }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: `Cancel loading ${table}` })).toHaveCount(0);
  });
}

test('opens several files at once and lists each', async ({ page }) => {
  await pickFiles(page, 'airports.csv', 'flights.parquet', 'movies.json');
  for (const name of ['airports', 'flights', 'movies']) await expect(datasetItem(page, name)).toBeVisible();
  await expect(datasets(page).getByRole('listitem')).toHaveCount(3);
});

test('JSON columns keep the file\'s key order', async ({ page }) => {
  await pickFiles(page, 'key-order.json');
  await expect(grid(page).getByRole('gridcell', { name: 'Second', exact: true })).toBeVisible();
  const menus = page.getByRole('button', { name: /^Column menu for / });
  await expect(menus).toHaveCount(4);
  expect(await menus.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
    'Column menu for Title',
    'Column menu for US Gross',
    'Column menu for Director',
    'Column menu for Creative Type',
  ]);
});

test('a cancelled Parquet load says it is partial and claims only the rows it holds', async ({ page }) => {
  await pickFiles(page, 'flights-3m.parquet');
  await expect(page.getByRole('gridcell', { name: 'AA', exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Cancel loading flights_3m' }).click();
  const note = page.getByRole('note', { name: 'Notes on flights_3m' });
  await expect(note).toHaveText(/^Loading was cancelled: [\d,]+ of 3,000,000 rows were loaded\.$/);
  const loaded = /cancelled: ([\d,]+) of/.exec((await note.textContent()) ?? '')?.[1];
  expect(loaded).toBeDefined();
  await expect(page.locator('.dataset-header').getByText(`${loaded} rows`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel loading flights_3m' })).toHaveCount(0);
  await expect(page.locator('.dataset-header')).not.toContainText('Loaded');
  // The table holds what the header says.
  await expect(datasetItem(page, 'flights_3m')).toContainText(`${loaded} × 4`);
});
