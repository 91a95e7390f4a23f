import { expect, test, type Page } from '@playwright/test';
import { datasetItem, grid, openApp, pickFiles } from './support/app.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
  // A good dataset first: every bad file below must leave it working.
  await pickFiles(page, 'people.tsv');
  await expect(grid(page).getByRole('gridcell', { name: 'Grace', exact: true })).toBeVisible();
});

async function expectOthersStillWork(page: Page) {
  await page.getByRole('button', { name: 'people', exact: true }).click();
  await expect(grid(page).getByRole('gridcell', { name: 'Grace', exact: true })).toBeVisible();
}

for (const [file, pattern] of [
  ['empty.csv', /empty\.csv: cannot open: the file is empty/],
  ['zero.parquet', /zero\.parquet: cannot open: the file is empty/],
  ['truncated.parquet', /truncated\.parquet: .*(not a readable Parquet file|truncated|damaged)/i],
  ['binary.csv', /binary\.csv: cannot open: it is a binary file/],
  ['broken.ndjson', /broken\.ndjson, line 3: invalid JSON/],
  ['object.json', /object\.json: the file holds a single JSON object, not rows\. Sluice reads a JSON array of objects \(\[\{…\}, \{…\}\]\) or one JSON object per line \(NDJSON\)/],
  ['bad-utf8.ndjson', /bad-utf8\.ndjson, line 2: the text is not valid UTF-8/],
  ['unterminated.csv', /unterminated\.csv \(line 52\): a quoted field starts here and is never closed/],
] as const) {
  test(`${file} gives a clear error and the app keeps working`, async ({ page }) => {
    await pickFiles(page, file);
    await expect(page.getByRole('alert').filter({ hasText: pattern })).toBeVisible();
    await expectOthersStillWork(page);
  });
}

test('a ragged CSV names the line and offers to skip bad rows', async ({ page }) => {
  await pickFiles(page, 'ragged.csv');
  await expect(page.getByRole('alert').filter({ hasText: /ragged\.csv \(line 152\): row has 4 fields where the header has 3/ })).toBeVisible();
  await page.getByRole('button', { name: 'Skip bad rows' }).click();
  await expect(page.locator('.dataset-header').getByText('299 rows', { exact: true })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Notes on ragged' })).toHaveText('Skipped 1 bad row (line 152).');
  await expectOthersStillWork(page);
});

test('a value after the sniff sample widens its column, and the dataset says so', async ({ page }) => {
  await pickFiles(page, 'late-decimal.csv');
  await expect(page.getByRole('note', { name: 'Notes on late_decimal' })).toHaveText(
    'Column "x" was widened from BIGINT to DOUBLE after checking the whole file: row 50,000 holds "3.75", which is not a BIGINT.',
  );
  await expect(page.locator('.dataset-header').getByText('100,000 rows', { exact: true })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a Latin-1 CSV names the encoding problem and reads with the offered fix', async ({ page }) => {
  await pickFiles(page, 'latin1.csv');
  await expect(page.getByRole('alert').filter({ hasText: /latin1\.csv[\s\S]*not utf-8/i })).toBeVisible();
  await page.getByRole('button', { name: 'Read as Latin-1' }).click();
  await expect(grid(page).getByRole('gridcell', { name: 'José', exact: true })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: 'São Paulo', exact: true })).toBeVisible();
});

test('odd column names (duplicates, empty, keywords, quotes, unicode) load and sort', async ({ page }) => {
  await pickFiles(page, 'odd-names.csv');
  await expect(datasetItem(page, 'odd_names')).toBeVisible();
  for (const name of ['select', 'a "quoted" name', 'Ünïcødé $col']) {
    await expect(page.getByRole('button', { name: `Column menu for ${name}` })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Column menu for a "quoted" name' }).click();
  await page.getByRole('menuitem', { name: 'Sort descending' }).click();
  await expect(grid(page).getByRole('row').nth(1).getByRole('gridcell').nth(1)).toHaveText('8');
});

test('CSV read options can be changed and re-applied', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Read options for airports' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Header').selectOption('no');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('3,377 rows', { exact: true }).first()).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: 'iata', exact: true })).toBeVisible();
});
