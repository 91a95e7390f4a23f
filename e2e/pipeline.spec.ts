import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { airportsRows } from './support/make-fixtures.ts';
import { fixture, grid, openApp, pickFiles } from './support/app.ts';

/** The expected result, computed here from the generator, independently of the app. */
function expected(band: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of airportsRows()) {
    const lat = Number(row[4]);
    if (!(lat > 30)) continue;
    const key = `${row[3] || 'NULL'}|${Math.floor(lat / band) * band}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const pipeline = (page: Page) => page.getByRole('region', { name: 'Pipeline' });
const dialog = (page: Page) => page.getByRole('dialog');
const rowCount = (page: Page) => page.locator('.dataset-header .row-count');

async function columnMenu(page: Page, column: string, item: string) {
  await page.getByRole('button', { name: `Column menu for ${column}`, exact: true }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function addStep(page: Page, kind: string) {
  await pipeline(page).getByRole('button', { name: 'Add step' }).click();
  await page.getByRole('menuitem', { name: kind }).click();
}

test('builds a 6-step pipeline by clicking, edits a step, undoes', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await pickFiles(page, 'airports.csv', 'states.csv');
  await page.getByRole('button', { name: 'airports', exact: true }).click();
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();

  // 1. Filter latitude > 30 (the filter form opens on the chosen column, operator "equals").
  await columnMenu(page, 'latitude', 'Filter…');
  await expect(dialog(page).getByLabel('Operator')).toHaveValue('=');
  await expect(dialog(page).getByLabel('Column')).toHaveValue('latitude');
  await dialog(page).getByLabel('Operator').selectOption({ label: 'greater than' });
  await dialog(page).getByLabel('Value').fill('30');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter latitude > 30' })).toBeVisible();
  const afterFilter = [...expected(10).values()].reduce((a, b) => a + b, 0);
  await expect(rowCount(page)).toHaveText(`${afterFilter.toLocaleString('en-US')} rows`);

  // 2. Derive a band column.
  await addStep(page, 'Add a column from an expression');
  await dialog(page).getByLabel('New name').fill('lat_band');
  await dialog(page).getByLabel('Expression').fill('floor(latitude / 10) * 10');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for lat_band' })).toBeVisible();

  // 3. Rename state → st.
  await columnMenu(page, 'state', 'Rename…');
  await dialog(page).getByLabel('New name').fill('st');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Rename state to st' })).toBeVisible();

  // 4. Group by st and lat_band, counting rows.
  await addStep(page, 'Group and aggregate');
  await dialog(page).getByRole('group', { name: 'Group by' }).getByLabel('st', { exact: true }).check();
  await dialog(page).getByRole('group', { name: 'Group by' }).getByLabel('lat_band').check();
  await dialog(page).getByLabel('Result name').fill('n');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(rowCount(page)).toHaveText(`${expected(10).size} rows`);

  // 5. Left join the states lookup.
  await addStep(page, 'Join with another dataset');
  await dialog(page).getByLabel('Join with').selectOption({ label: 'states' });
  await dialog(page).getByLabel('Left key').selectOption('st');
  await dialog(page).getByLabel('Right key').selectOption('state');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for state_name' })).toBeVisible();

  // 6. Sort by n descending, then st.
  await addStep(page, 'Sort rows');
  await dialog(page).getByLabel('Column').selectOption('n');
  await dialog(page).getByLabel('Direction').selectOption('descending');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(pipeline(page).getByRole('listitem')).toHaveCount(7);

  // The final rows: the largest group first, with its state's name.
  const [topKey, topCount] = [...expected(10).entries()].sort((a, b) => b[1] - a[1])[0]!;
  const topRow = grid(page).getByRole('row').nth(1);
  await expect(topRow).toContainText(String(topCount));
  await expect(topRow).toContainText(topKey.split('|')[0]!);
  await expect(rowCount(page)).toHaveText(`${expected(10).size} rows`);

  // Edit step 2: wider bands; everything after it updates.
  await pipeline(page).getByRole('button', { name: 'Edit step 2' }).click();
  await dialog(page).getByLabel('Expression').fill('floor(latitude / 100) * 100');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(rowCount(page)).toHaveText(`${expected(100).size} rows`);

  // Undo brings the previous result back; redo re-applies.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rowCount(page)).toHaveText(`${expected(10).size} rows`);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(rowCount(page)).toHaveText(`${expected(100).size} rows`);

  // Clicking an earlier step shows the data at that point.
  await pipeline(page).getByRole('button', { name: 'Filter latitude > 30' }).click();
  await expect(rowCount(page)).toHaveText(`${afterFilter.toLocaleString('en-US')} rows`);
});

test('a step whose column is gone is marked with the reason, and the rest still runs', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await columnMenu(page, 'city', 'Filter…');
  await dialog(page).getByLabel('Value').fill('City 1');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(rowCount(page)).toHaveText(/^\d+ rows$/);
  // Remove the column the filter needs, before the filter.
  await pipeline(page).getByRole('button', { name: 'Source: airports' }).click();
  await columnMenu(page, 'city', 'Remove column');
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter city = City 1' }).getByText(/Cannot run: .*city/)).toBeVisible();
  await expect(rowCount(page)).toHaveText('3,376 rows');
  // Moving the removal after the filter mends it.
  await pipeline(page).getByRole('button', { name: 'Move step 1 down' }).click();
  await expect(pipeline(page).getByText(/Cannot run/)).toHaveCount(0);
});

test('the cell menu keeps or removes rows with a value, and disabled steps are skipped', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'people.tsv');
  await grid(page).getByRole('gridcell', { name: 'London', exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Remove rows where city = London' }).click();
  await expect(rowCount(page)).toHaveText('2 rows');
  await pipeline(page).getByRole('button', { name: 'Disable step 1' }).click();
  await expect(rowCount(page)).toHaveText('3 rows');
  await pipeline(page).getByRole('button', { name: 'Enable step 1' }).click();
  await expect(rowCount(page)).toHaveText('2 rows');
  await pipeline(page).getByRole('button', { name: 'Show SQL of step 1' }).click();
  await expect(page.getByRole('dialog', { name: 'SQL of this step' }).getByLabel('SQL text')).toContainText('WHERE');
});

test('saves a project, reopens it after a reload (locating its file), and autosave restores it', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await columnMenu(page, 'state', 'Filter…');
  await dialog(page).getByLabel('Value').fill('CA');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await columnMenu(page, 'city', 'Rename…');
  await dialog(page).getByLabel('New name').fill('town');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for town' })).toBeVisible();
  await expect(rowCount(page)).toHaveText(/^\d[\d,]* rows$/);
  const filtered = await rowCount(page).textContent();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save project' }).click();
  const saved = await (await download).path();
  expect((await download).suggestedFilename()).toBe('airports.sluice.json');

  // A fresh start: open the project file; the app asks where airports.csv is.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Open file' }).first()).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Open project file').setInputFiles(saved);
  await page.getByLabel('Locate airports.csv').setInputFiles(fixture('airports.csv'));
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter state = CA' })).toBeVisible();
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Rename city to town' })).toBeVisible();
  await expect(rowCount(page)).toHaveText(filtered!);

  // Autosave: after another reload, the last session can be restored.
  await page.reload();
  await page.getByRole('region', { name: 'Restore last session' }).getByRole('button', { name: 'Restore last session' }).click();
  await page.getByLabel('Locate airports.csv').setInputFiles(fixture('airports.csv'));
  await expect(rowCount(page)).toHaveText(filtered!);
  await expect(page.getByRole('button', { name: 'Column menu for town' })).toBeVisible();
});

test('a broken project file gives a clear error naming the JSON path', async ({ page }, testInfo) => {
  await openApp(page);
  const path = testInfo.outputPath('broken.sluice.json');
  writeFileSync(path, JSON.stringify({ format: 'sluice.pipeline', version: 1, sources: [], checks: [], outputs: [], pipelines: [{ id: 'm', name: 'm', input: { kind: 'source', id: 'x' }, steps: [{ id: 'a', enabled: true, kind: 'limit', count: -1 }] }] }));
  await page.getByLabel('Open project file').setInputFiles(path);
  await expect(page.getByRole('alert').filter({ hasText: /broken\.sluice\.json cannot be opened[\s\S]*pipelines\[0\]\.steps\[0\]\.count/ })).toBeVisible();
});

test('steps are checked before they are added; joins show match counts; casts count what failed', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv', 'states.csv');
  await page.getByRole('button', { name: 'airports', exact: true }).click();
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();

  // A derived column with an unknown column is refused in the dialog, with DuckDB's reason.
  await addStep(page, 'Add a column from an expression');
  await dialog(page).getByLabel('New name').fill('bad');
  await dialog(page).getByLabel('Expression').fill('no_such_column + 1');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(dialog(page).getByRole('alert')).toContainText('no_such_column');
  await dialog(page).getByLabel('Expression').fill('latitude + 1');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for bad' })).toBeVisible();

  // Join: match counts before applying; the states lookup has unique keys, so no explosion.
  await addStep(page, 'Join with another dataset');
  await dialog(page).getByLabel('Join with').selectOption({ label: 'states' });
  await dialog(page).getByLabel('Left key').selectOption('state');
  await dialog(page).getByLabel('Right key').selectOption('state');
  await expect(dialog(page).getByRole('status')).toContainText('3,308 of 3,376 rows have a match in states');
  await expect(dialog(page).getByRole('status')).not.toContainText('Warning');
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();

  // Change type with try semantics: text that is not a number becomes NULL, and is counted.
  await columnMenu(page, 'iata', 'Change type…');
  await dialog(page).getByLabel('New type').selectOption('INTEGER');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(pipeline(page).getByText('3,376 values could not be converted and became NULL.')).toBeVisible();
});

test('joins with another pipeline', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv', 'states.csv');
  await page.getByRole('button', { name: 'states', exact: true }).click();
  await expect(page.locator('.dataset-header').getByText('8 rows', { exact: true })).toBeVisible();
  await columnMenu(page, 'state', 'Filter…');
  await dialog(page).getByLabel('Operator').selectOption({ label: 'is one of' });
  await dialog(page).getByLabel('Value').fill('CA, NY');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(rowCount(page)).toHaveText('2 rows');

  await page.getByRole('button', { name: 'airports', exact: true }).click();
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await addStep(page, 'Join with another dataset');
  await dialog(page).getByLabel('Join with').selectOption({ label: 'states_result (pipeline)' });
  await dialog(page).getByLabel('Join type').selectOption('semi');
  await dialog(page).getByLabel('Left key').selectOption('state');
  await dialog(page).getByLabel('Right key').selectOption('state');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Semi join states_result on state' })).toBeVisible();
  const expectedRows = airportsRows().filter((r) => r[3] === 'CA' || r[3] === 'NY').length;
  await expect(rowCount(page)).toHaveText(`${expectedRows.toLocaleString('en-US')} rows`);
});

test('a filter with a group of conditions: all of (any of the group), and editing it shows the groups', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const expectedRows = airportsRows().filter((r) => (r[3] === 'CA' || r[3] === 'TX') && Number(r[4]) > 30).length;

  await columnMenu(page, 'state', 'Filter…');
  const form = dialog(page);
  const condition = (n: number) => form.getByRole('group', { name: `Condition ${n}` });
  await condition(1).getByLabel('Value').fill('CA');
  await condition(1).getByLabel('Group').selectOption({ label: 'group A (any of its conditions)' });
  await form.getByRole('button', { name: 'Add condition' }).click();
  await condition(2).getByLabel('Column').selectOption('state');
  await condition(2).getByLabel('Value').fill('TX');
  await condition(2).getByLabel('Group').selectOption('A');
  await form.getByRole('button', { name: 'Add condition' }).click();
  await condition(3).getByLabel('Column').selectOption('latitude');
  await condition(3).getByLabel('Operator').selectOption({ label: 'greater than' });
  await condition(3).getByLabel('Value').fill('30');
  await form.getByRole('button', { name: 'Apply' }).click();

  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter (state = CA or state = TX) and latitude > 30' })).toBeVisible();
  await expect(rowCount(page)).toHaveText(`${expectedRows.toLocaleString('en-US')} rows`);

  // The form reads the groups back.
  await pipeline(page).getByRole('button', { name: 'Edit step 1' }).click();
  await expect(condition(2).getByLabel('Group')).toHaveValue('A');
  await expect(condition(3).getByLabel('Group')).toHaveValue('');
  await form.getByLabel('Keep rows matching').selectOption({ label: 'any condition' });
  await form.getByRole('button', { name: 'Save' }).click();
  // Now the group needs all of its conditions (state is never both CA and TX): latitude decides alone.
  const either = airportsRows().filter((r) => Number(r[4]) > 30).length;
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter (state = CA and state = TX) or latitude > 30' })).toBeVisible();
  await expect(rowCount(page)).toHaveText(`${either.toLocaleString('en-US')} rows`);
});

test('integers above 2^53 stay exact in the filter form and the cell menu', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'bigints.csv');
  await expect(rowCount(page)).toHaveText('3 rows');

  await columnMenu(page, 'id', 'Filter…');
  await dialog(page).getByLabel('Value').fill('9007199254740993');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter id = 9007199254740993' })).toBeVisible();
  await expect(rowCount(page)).toHaveText('1 row');
  await expect(grid(page).getByRole('gridcell', { name: 'two53_plus_1', exact: true })).toBeVisible();

  await pipeline(page).getByRole('button', { name: 'Edit step 1' }).click();
  await expect(dialog(page).getByLabel('Value')).toHaveValue('9007199254740993');
  await dialog(page).getByLabel('Value').fill('9223372036854775807');
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: 'Filter id = 9223372036854775807' })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: 'max', exact: true })).toBeVisible();
  await expect(rowCount(page)).toHaveText('1 row');

  // The cell menu keeps the exact value of the cell.
  await pipeline(page).getByRole('button', { name: 'Delete step 1' }).click();
  await expect(rowCount(page)).toHaveText('3 rows');
  await grid(page).getByRole('gridcell', { name: '9007199254740993', exact: true }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Keep rows where id = 9007199254740993' }).click();
  await expect(rowCount(page)).toHaveText('1 row');
  await expect(grid(page).getByRole('gridcell', { name: 'two53_plus_1', exact: true })).toBeVisible();
  await expect(grid(page).getByRole('gridcell', { name: 'two53', exact: true })).toHaveCount(0);
});

test('undo, redo, delete and disable show the shown step’s columns and rows', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const inCa = airportsRows().filter((r) => r[3] === 'CA');
  const inCaCity = inCa.filter((r) => r[2] === 'City 1').length;

  await columnMenu(page, 'state', 'Filter…');
  await dialog(page).getByLabel('Value').fill('CA');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(rowCount(page)).toHaveText(`${inCa.length.toLocaleString('en-US')} rows`);
  await columnMenu(page, 'city', 'Filter…');
  await dialog(page).getByLabel('Value').fill('City 1');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(rowCount(page)).toHaveText(`${inCaCity} rows`);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(pipeline(page).getByRole('listitem').filter({ hasText: /^Filter/ })).toHaveCount(1);
  await expect(rowCount(page)).toHaveText(`${inCa.length.toLocaleString('en-US')} rows`);
  // The grid too: the first airport in California, from another city than City 1, is back.
  await expect(grid(page).getByRole('gridcell', { name: inCa.find((r) => r[2] !== 'City 1')![0], exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(rowCount(page)).toHaveText(`${inCaCity} rows`);

  // Deleting the shown step shows the one before it; disabling it shows its input's rows.
  await pipeline(page).getByRole('button', { name: 'Delete step 2' }).click();
  await expect(rowCount(page)).toHaveText(`${inCa.length.toLocaleString('en-US')} rows`);
  await pipeline(page).getByRole('button', { name: 'Disable step 1' }).click();
  await expect(rowCount(page)).toHaveText('3,376 rows');
  await pipeline(page).getByRole('button', { name: 'Enable step 1' }).click();

  // A rename, undone, gives the column its old name back in the header.
  await columnMenu(page, 'name', 'Rename…');
  await dialog(page).getByLabel('New name').fill('airport_name');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for airport_name', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for name', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Column menu for airport_name', exact: true })).toHaveCount(0);
  await expect(rowCount(page)).toHaveText(`${inCa.length.toLocaleString('en-US')} rows`);
  expect(errors).toEqual([]);
});

test('a rename onto an existing column is refused, and the header counts the shown columns', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const header = page.locator('.dataset-header');
  await expect(header.getByText('6 columns', { exact: true })).toBeVisible();

  await columnMenu(page, 'city', 'Rename…');
  await dialog(page).getByLabel('New name').fill('state');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(dialog(page).getByRole('alert')).toContainText('two columns named "state"');
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for city', exact: true })).toBeVisible();

  await columnMenu(page, 'longitude', 'Remove column');
  await expect(page.getByRole('button', { name: 'Column menu for longitude' })).toHaveCount(0);
  await expect(header.getByText('5 columns', { exact: true })).toBeVisible();
});
