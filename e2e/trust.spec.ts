import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { grid, openApp, pickFiles } from './support/app.ts';

const consoleRegion = (page: Page) => page.getByRole('region', { name: 'SQL console' });
const pipeline = (page: Page) => page.getByRole('region', { name: 'Pipeline' });

async function runSql(page: Page, sql: string) {
  await consoleRegion(page).getByRole('textbox', { name: 'SQL' }).fill(sql);
  await consoleRegion(page).getByRole('button', { name: 'Run' }).click();
}

/** A project whose derive step hides a second statement in a dollar-quoted string (issue 8). */
function hostileProject(path: string, expression: string, query: string): void {
  const doc = {
    format: 'sluice.pipeline',
    version: 1,
    sources: [{ id: 'airports', name: 'airports', file: { path: 'airports.csv', name: 'airports.csv' }, format: 'csv' }],
    pipelines: [
      {
        id: 'main',
        name: 'airports',
        input: { kind: 'source', id: 'airports' },
        steps: [
          { id: 'd', kind: 'derive', enabled: true, name: 'y', expression },
          { id: 'q', kind: 'sql', enabled: true, query },
        ],
      },
    ],
    checks: [],
    outputs: [],
  };
  writeFileSync(path, JSON.stringify(doc));
}

test('a project file cannot run SQL beyond its steps: hostile steps are marked, the data is untouched', async ({ page }, testInfo) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();

  const path = testInfo.outputPath('hostile.sluice.json');
  hostileProject(path, "$$'$$) AS y FROM (SELECT 1); CREATE TABLE pwned AS SELECT 7 AS v; UPDATE airports SET city = 'x'; -- '$$", "SELECT * FROM input; DROP VIEW airports");
  await page.getByLabel('Open project file').setInputFiles(path);

  await expect(pipeline(page).getByRole('listitem').filter({ hasText: /Cannot run: .*(single statement|without its)/ })).toHaveCount(2);
  await runSql(page, "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pwned') AS pwned, (SELECT count(*) FROM airports WHERE city = 'x') AS rewritten, (SELECT count(*) FROM airports) AS total");
  await expect(page.getByRole('heading', { name: 'Query result' })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: '3376', exact: true })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: '0', exact: true })).toHaveCount(2);
});

test('the engine warm-up at start leaves no table, view or file behind', async ({ page }) => {
  await openApp(page);
  // The app's own start-up state (not a user-facing API): the warm-up's queries are done.
  await page.evaluate(() => (window as unknown as { sluice: { workbench: { warmed: Promise<void> } } }).sluice.workbench.warmed);
  await runSql(page, "SELECT count(*) AS leftovers FROM (SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal UNION ALL SELECT file FROM glob('__sluice_warm*')) WHERE name NOT LIKE '__sluice_console%'");
  await expect(page.getByRole('heading', { name: 'Query result' })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: '0', exact: true })).toBeVisible();
});

test('the console runs any statements and shows the last one', async ({ page }) => {
  await openApp(page);
  await runSql(page, "CREATE TABLE notes AS SELECT 1 AS n; INSERT INTO notes VALUES (2), (39); -- a comment; with a semicolon\nSELECT sum(n) AS total, 'a;b' AS text FROM notes;");
  await expect(page.getByRole('heading', { name: 'Query result' })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: '42', exact: true })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: 'a;b', exact: true })).toBeVisible();

  await runSql(page, 'DROP TABLE notes');
  await expect(consoleRegion(page).getByText('Statement executed.')).toBeVisible();
  await runSql(page, 'PRAGMA version');
  await expect(grid(page).getByRole('columnheader', { name: /library_version/ })).toBeVisible();

  await runSql(page, 'SELECT 1;\nSELECT nosuch FROM (SELECT 1)');
  await expect(page.getByRole('alert').filter({ hasText: /Statement 2 of 2: .*nosuch/ })).toBeVisible();
  await expect(page.getByRole('alert')).not.toContainText('{');
});

test('a dataset whose view the console dropped says so and reloads its file', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await runSql(page, 'DROP VIEW airports; CREATE TABLE airports AS SELECT 1 AS one');
  await page.getByRole('button', { name: 'airports', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /airports: SQL run in the console replaced it with other columns/ })).toBeVisible();
  await page.getByRole('button', { name: 'Reload the file' }).click();
  // The console's table keeps its name; the file comes back under a free one.
  await expect(page.getByRole('button', { name: 'airports_2', exact: true })).toBeVisible();
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await runSql(page, 'SELECT one FROM airports');
  await expect(grid(page).getByRole('gridcell', { name: '1', exact: true })).toBeVisible();
});

test('a filter whose value does not fit the column marks its step with the reason', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Column menu for latitude', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Filter…' }).click();
  await page.getByRole('dialog').getByLabel('Value').fill('abc');
  await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('dialog').getByText('"abc" is not a number, and latitude is DOUBLE.')).toBeVisible();
  await page.getByRole('dialog').getByLabel('Value').fill('33.5');
  await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await expect(pipeline(page).getByRole('button', { name: 'Filter latitude = 33.5' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /airports\.csv/ })).toHaveCount(0);
});

test('a project step whose value fails on the data is marked, not the file', async ({ page }, testInfo) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const path = testInfo.outputPath('unfit.sluice.json');
  writeFileSync(
    path,
    JSON.stringify({
      format: 'sluice.pipeline',
      version: 1,
      sources: [{ id: 'airports', name: 'airports', file: { path: 'airports.csv', name: 'airports.csv' }, format: 'csv' }],
      pipelines: [{ id: 'main', name: 'airports', input: { kind: 'source', id: 'airports' }, steps: [{ id: 'f', kind: 'filter', enabled: true, condition: { kind: 'compare', column: 'latitude', op: '=', value: 'abc' } }, { id: 'l', kind: 'limit', enabled: true, count: 10 }] }],
      checks: [],
      outputs: [],
    }),
  );
  await page.getByLabel('Open project file').setInputFiles(path);
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter latitude = abc' }).getByText(/Cannot run: .*abc.*DOUBLE/)).toBeVisible();
  await expect(page.locator('.dataset-header .row-count')).toHaveText('10 rows');
  await expect(page.getByRole('alert').filter({ hasText: /airports\.csv/ })).toHaveCount(0);
});

test('a long console query keeps its Cancel button until its rows are on screen', async ({ page }) => {
  await openApp(page);
  const cancel = consoleRegion(page).getByRole('button', { name: 'Cancel' });
  // Counting the result runs the query once; the grid's first page runs it again.
  await runSql(page, 'SELECT sum(i % 7) AS total FROM range(60000000) t(i)');
  await expect(page.getByRole('heading', { name: 'Query result' })).toBeVisible();
  await expect(cancel).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: '179999994', exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(cancel).toHaveCount(0);

  await runSql(page, 'SELECT sum(i % 7) AS total FROM range(2000000000) t(i)');
  await cancel.click();
  await expect(consoleRegion(page).getByText('Query cancelled.')).toBeVisible();
  await expect(cancel).toHaveCount(0);
});

test('a failed load leaves the engine usable: a 5,000-level NDJSON, then a CSV', async ({ page }, testInfo) => {
  await openApp(page);
  const deep = testInfo.outputPath('deep.ndjson');
  writeFileSync(deep, `{"a": 1}\n{"b": ${'['.repeat(5000)}${']'.repeat(5000)}}\n`);
  await page.getByLabel('Open files').setInputFiles(deep);
  await expect(page.getByRole('alert').filter({ hasText: /deep\.ndjson.*line 2/ })).toBeVisible();
  await pickFiles(page, 'airports.csv');
  await page.getByRole('button', { name: 'airports', exact: true }).click();
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /transaction/ })).toHaveCount(0);
});
