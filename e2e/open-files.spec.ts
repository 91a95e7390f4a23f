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
