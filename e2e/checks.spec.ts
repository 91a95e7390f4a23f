import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { percent } from '../shared/checks/describe-rule.ts';
import { airportsRows } from './support/make-fixtures.ts';
import { fixture, grid, openApp, pickFiles } from './support/app.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = airportsRows();

/** Expected failing rows, computed here from the fixture generator, independently of the app. */
const outOfRange = ROWS.filter((r) => Number(r[4]) < 20 || Number(r[4]) > 50);
const noState = ROWS.filter((r) => r[3] === '');
const figures = (failing: number) => `${failing.toLocaleString('en-US')} failing (${percent(failing / ROWS.length)})`;

const checks = (page: Page) => page.getByRole('region', { name: 'Checks' });
const pipeline = (page: Page) => page.getByRole('region', { name: 'Pipeline' });
const dialog = (page: Page) => page.getByRole('dialog');
const check = (page: Page, label: string) => checks(page).getByRole('listitem').filter({ hasText: label });

async function addCheck(page: Page, column: string, rule: string, fill: Record<string, string> = {}) {
  await page.getByRole('button', { name: `Column menu for ${column}`, exact: true }).click();
  await page.getByRole('menuitem', { name: 'Add check…' }).click();
  await dialog(page).getByLabel('Rule').selectOption({ label: rule });
  for (const [label, value] of Object.entries(fill)) await dialog(page).getByLabel(label, { exact: true }).fill(value);
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  await expect(dialog(page)).toHaveCount(0);
}

test('adds checks by clicking, shows failing rows, accepts suggestions, saves a project the CLI validates', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();

  // The rule select names every column rule.
  await page.getByRole('button', { name: 'Column menu for latitude', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Add check…' }).click();
  await expect(dialog(page).getByLabel('Rule').getByRole('option')).toHaveText(['Not null', 'Unique', 'Accepted values', 'Range', 'Matches regex', 'Length', 'Castable to', 'Not in the future', 'Custom expression']);
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();

  // Range on latitude 20..50 and Not null on state: both fail, with the counts the generator gives.
  await addCheck(page, 'latitude', 'Range', { Min: '20', Max: '50' });
  await addCheck(page, 'state', 'Not null');
  const range = check(page, 'range(latitude, 20..50)');
  const notNull = check(page, 'not_null(state)');
  await expect(range.locator('.check-status')).toHaveText('failed');
  await expect(range).toContainText(figures(outOfRange.length));
  await expect(notNull.locator('.check-status')).toHaveText('failed');
  await expect(notNull).toContainText(figures(noState.length));
  // The first failing rows are listed, and the checks show in the pipeline.
  await expect(range.getByRole('table')).toContainText(outOfRange[0]![0]!);
  await expect(pipeline(page)).toContainText('check range(latitude, 20..50): failed');

  // A click shows every failing row in the grid.
  await range.getByRole('button', { name: 'Show failing rows' }).click();
  await expect(page.getByRole('heading', { name: 'Failing rows of range(latitude, 20..50)' })).toBeVisible();
  await expect(page.locator('.dataset-header .row-count')).toHaveText(`${outOfRange.length.toLocaleString('en-US')} rows`);
  await expect(grid(page).getByRole('gridcell', { name: outOfRange[0]![0]!, exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Back to airports' }).click();
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();

  // Suggested checks from the column profiles: accept one, reject another.
  await checks(page).getByRole('button', { name: 'Suggest checks' }).click();
  const suggested = checks(page).getByRole('region', { name: 'Suggested checks' });
  const unique = suggested.getByRole('listitem').filter({ hasText: 'unique(iata)' });
  await unique.getByRole('button', { name: 'Accept' }).click();
  await suggested.getByRole('listitem').filter({ hasText: 'length(iata, 5..5)' }).getByRole('button', { name: 'Reject' }).click();
  await expect(suggested.getByRole('listitem').filter({ hasText: /unique\(iata\)|length\(iata/ })).toHaveCount(0);
  await expect(check(page, 'unique(iata)').locator('.check-status')).toHaveText('passed');
  await expect(check(page, 'unique(iata)')).toContainText('0 failing (0%)');

  // Undo and redo cover checks.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(check(page, 'unique(iata)')).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(check(page, 'unique(iata)').locator('.check-status')).toHaveText('passed');

  // The project holds the checks.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save project' }).click();
  const saved = await (await download).path();
  const project = JSON.parse(readFileSync(saved, 'utf8')) as { pipeline: { checks: { kind: string; column?: string; min?: number; max?: number }[] } };
  expect(project.pipeline.checks.map((c) => `${c.kind}(${c.column ?? ''})`)).toEqual(['range(latitude)', 'not_null(state)', 'unique(iata)']);
  expect(project.pipeline.checks[0]).toMatchObject({ min: 20, max: 50 });

  // The saved project, beside its data, validates with the CLI.
  const dir = dirname(testInfo.outputPath('project.sluice.json'));
  const file = testInfo.outputPath('project.sluice.json');
  copyFileSync(saved, file);
  copyFileSync(fixture('airports.csv'), join(dir, 'airports.csv'));
  const built = spawnSync(process.execPath, [join(REPO, 'scripts', 'build-cli.mjs')], { cwd: REPO, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  const validated = spawnSync(process.execPath, [join(REPO, 'bin', 'sluice.mjs'), 'validate', file], { cwd: dir, encoding: 'utf8' });
  if (/FAIL /.test(validated.stderr)) {
    // The CLI evaluates checks: the failing rules fail the run, with the counts the app showed.
    expect(validated.status).toBe(1);
    expect(validated.stderr).toContain(`FAIL range(latitude, 20..50): ${outOfRange.length.toLocaleString('en-US')} rows (${percent(outOfRange.length / ROWS.length)})`);
  } else {
    // Until `validate` evaluates checks (the CLI side), the document with its checks validates.
    expect(validated.status, validated.stderr).toBe(0);
  }
});

test('table checks from the Checks panel; removing a check is undoable', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();

  await checks(page).getByRole('button', { name: 'Add table check…' }).click();
  await expect(dialog(page).getByLabel('Rule').getByRole('option')).toHaveText(['Row count', 'Unique combination', 'Relationship', 'Expected schema', 'Custom SQL']);
  await dialog(page).getByLabel('Rule').selectOption({ label: 'Row count' });
  await dialog(page).getByLabel('Min', { exact: true }).fill('4000');
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  const rowCount = check(page, 'row_count(4000..)');
  await expect(rowCount.locator('.check-status')).toHaveText('failed');
  await expect(rowCount).toContainText('3,376 rows');

  await checks(page).getByRole('button', { name: 'Add table check…' }).click();
  await dialog(page).getByLabel('Rule').selectOption({ label: 'Custom SQL' });
  await dialog(page).getByLabel('Query').fill('SELECT * FROM input WHERE latitude > 55');
  await dialog(page).getByLabel('Severity').selectOption({ label: 'Warning' });
  await dialog(page).getByRole('button', { name: 'Apply' }).click();
  const custom = check(page, 'sql(SELECT * FROM input WHERE latitude > 55)');
  await expect(custom.locator('.check-status')).toHaveText('warning');
  const above55 = ROWS.filter((r) => Number(r[4]) > 55).length;
  await expect(custom).toContainText(figures(above55));

  await rowCount.getByRole('button', { name: /^Remove check/ }).click();
  await expect(check(page, 'row_count(4000..)')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(check(page, 'row_count(4000..)').locator('.check-status')).toHaveText('failed');
});
