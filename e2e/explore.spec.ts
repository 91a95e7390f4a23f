import { expect, test, type Page } from '@playwright/test';
import { grid, openApp, pickFiles } from './support/app.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

async function profile(page: Page, column: string) {
  await page.getByRole('button', { name: `Column menu for ${column}` }).click();
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  const region = page.getByRole('region', { name: 'Column profile' });
  await expect(region.getByText('Exact figures')).toBeVisible({ timeout: 30_000 });
  return region;
}

test('profiles a column: nulls, distinct, top values', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const region = await profile(page, 'state');
  // Every 50th airport has no state: 68 of 3,376.
  await expect(region.getByText('Nulls 68 (2.0%)', { exact: true })).toBeVisible();
  await expect(region.getByText('Distinct 8', { exact: true })).toBeVisible();
  await expect(region.getByRole('list', { name: 'Most common values of state' }).getByRole('button')).toHaveCount(9);
});

test('profiles a numeric column and filters the grid by a histogram bar', async ({ page }) => {
  await pickFiles(page, 'flights.parquet');
  await expect(page.locator('.dataset-header').getByText('50,000 rows', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel loading flights' })).toHaveCount(0);
  const region = await profile(page, 'delay');
  await expect(region.getByText(/^Min -20(\.0)?$/)).toBeVisible();
  await expect(region.getByText(/^Max 100(\.0)?$/)).toBeVisible();
  await expect(region.getByText('Nulls 0 (0.0%)', { exact: true })).toBeVisible();
  await expect(region.getByRole('img', { name: 'Histogram of delay' })).toBeVisible();
  const bin = region.getByRole('button', { name: /^Show rows in bin/ }).first();
  const label = (await bin.getAttribute('aria-label')) ?? '';
  const count = /: ([\d,]+) rows$/.exec(label)?.[1];
  expect(count).toBeTruthy();
  await bin.focus();
  await bin.press('Enter');
  await expect(page.locator('.dataset-header').getByText(`${count} rows`, { exact: true })).toBeVisible();
  await expect(page.getByText(/^Filter: delay in /)).toBeVisible();
  // The bar's filter becomes a pipeline step with the same rows.
  await page.getByRole('button', { name: 'Make it a pipeline step' }).click();
  await expect(page.getByRole('region', { name: 'Pipeline' }).getByRole('listitem').filter({ hasText: /Filter delay >= -20 and delay < -1[\d.]+/ })).toBeVisible();
  await expect(page.getByText(/^Filter: /)).toHaveCount(0);
  await expect(page.locator('.dataset-header .row-count')).toHaveText(`${count} rows`);
});

test('clicking a top value filters the grid', async ({ page }) => {
  await pickFiles(page, 'flights.parquet');
  await expect(page.getByRole('button', { name: 'Cancel loading flights' })).toHaveCount(0);
  const region = await profile(page, 'carrier');
  await region.getByRole('button', { name: /^AA/ }).click();
  await expect(page.locator('.dataset-header').getByText('12,500 rows', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.locator('.dataset-header').getByText('50,000 rows', { exact: true })).toBeVisible();
});

async function runSql(page: Page, sql: string) {
  const editor = page.getByRole('region', { name: 'SQL console' }).getByRole('textbox', { name: 'SQL' });
  await editor.fill(sql);
  await page.getByRole('region', { name: 'SQL console' }).getByRole('button', { name: 'Run' }).click();
}

test('runs a join of two files in the SQL console, shows errors, and keeps working', async ({ page }) => {
  await pickFiles(page, 'airports.csv', 'flights.parquet');
  await expect(page.getByRole('button', { name: 'Cancel loading flights' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Datasets' }).getByText(/3,376 × 6/)).toBeVisible();
  await page.getByRole('button', { name: 'SQL console' }).click();
  await expect(page.getByRole('region', { name: 'SQL console' })).toBeVisible();

  await runSql(page, 'SELECT * FORM airports');
  await expect(page.getByRole('alert').filter({ hasText: /syntax error/i })).toBeVisible();

  await runSql(page, 'SELECT a.state, count(*) AS n FROM airports a JOIN flights f ON a.state = f.origin GROUP BY a.state ORDER BY a.state');
  await expect(page.getByRole('heading', { name: 'Query result' })).toBeVisible();
  await expect(page.locator('.dataset-header').getByText('8 rows', { exact: true })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: 'AK', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Column menu for n' })).toBeVisible();

  await runSql(page, 'SELECT nosuch FROM airports');
  await expect(page.getByRole('alert').filter({ hasText: /nosuch/ })).toBeVisible();
  await expect(page.locator('.cm-lintRange-error')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('console.png') });
});

test('the SQL console completes the names of datasets opened after it and of their columns', async ({ page }) => {
  await page.getByRole('button', { name: 'SQL console' }).click();
  const console = page.getByRole('region', { name: 'SQL console' });
  await expect(console).toBeVisible();
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const editor = console.getByRole('textbox', { name: 'SQL' });
  await editor.click();
  await editor.pressSequentially('SELECT * FROM airp');
  await expect(page.getByRole('listbox').getByRole('option', { name: /^airports/ })).toBeVisible();
  await editor.press('Escape');
  await editor.pressSequentially(' WHERE airports.lat');
  await expect(page.getByRole('listbox').getByRole('option', { name: /^latitude/ })).toBeVisible();
});

test('a loaded CSV is compressed in memory once it is counted', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'SQL console' }).click();
  // The dataset's table (internal, but the console may read it): DuckDB compresses it at the checkpoint the app makes after the load.
  await expect(async () => {
    await runSql(page, "SELECT bool_or(compression <> 'Uncompressed') AS compressed FROM pragma_storage_info('__sluice_data_1')");
    await expect(grid(page).getByRole('gridcell', { name: 'true', exact: true })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
});

test('shows a whole-dataset overview and profiles a column from it', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Overview' }).click();
  const overview = page.getByRole('region', { name: 'Dataset overview' });
  const stateRow = overview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'state' }) });
  await expect(stateRow.getByRole('cell').nth(1)).toHaveText('2.0');
  await overview.getByRole('button', { name: 'state' }).click();
  await expect(page.getByRole('region', { name: 'Column profile' }).getByText('Distinct 8', { exact: true })).toBeVisible({ timeout: 30_000 });
});

test('a top-value filter becomes a pipeline step', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const region = await profile(page, 'state');
  await region.getByRole('button', { name: /^CA/ }).click();
  const filtered = page.locator('.dataset-header .row-count');
  await expect(filtered).toHaveText(/^\d[\d,]* rows$/);
  const text = await filtered.textContent();
  await page.getByRole('button', { name: 'Make it a pipeline step' }).click();
  await expect(page.getByRole('region', { name: 'Pipeline' }).getByRole('listitem').filter({ hasText: 'Filter state = CA' })).toBeVisible();
  await expect(page.getByText(/^Filter: /)).toHaveCount(0);
  await expect(filtered).toHaveText(text!);
});

test('opening a file while a console result is shown shows that file', async ({ page }) => {
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'SQL console' }).click();
  await runSql(page, 'SELECT 42 AS answer');
  await expect(page.getByRole('heading', { name: 'Query result' })).toBeVisible();
  await pickFiles(page, 'people.tsv');
  await expect(page.getByRole('heading', { name: 'people', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Query result' })).toHaveCount(0);
  await expect(grid(page).getByRole('gridcell', { name: 'Ada', exact: true })).toBeVisible();
  // The result is still one click away.
  await page.getByRole('button', { name: 'Show query result' }).click();
  await expect(grid(page).getByRole('gridcell', { name: '42', exact: true })).toBeVisible();
});

test('a histogram bar and its filter agree on values at the bin edges', async ({ page }) => {
  await pickFiles(page, 'edges.csv');
  await expect(page.locator('.dataset-header').getByText('7 rows', { exact: true })).toBeVisible();
  const region = await profile(page, 'x');
  const bins = region.getByRole('list', { name: 'Bins of x' }).getByRole('button');
  await expect(bins).toHaveCount(20);
  // 1.095 opens the second bin; the first holds only 1.
  await expect(bins.first()).toHaveAccessibleName('Show rows in bin 1 – 1.095: 1 rows');
  for (const i of [0, 1, 4, 15, 19]) {
    const label = (await bins.nth(i).getAttribute('aria-label')) ?? '';
    const count = Number(/: ([\d,]+) rows$/.exec(label)?.[1]);
    await bins.nth(i).focus();
    await bins.nth(i).press('Enter');
    await expect(page.getByText(/^Filter: x in /)).toBeVisible();
    await expect(page.locator('.dataset-header .row-count')).toHaveText(`${count} ${count === 1 ? 'row' : 'rows'}`);
    await page.getByRole('button', { name: 'Clear filter' }).click();
  }
});
