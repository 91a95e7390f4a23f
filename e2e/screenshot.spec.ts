import { expect, test } from '@playwright/test';
import { openApp, pickFiles } from './support/app.ts';

// Refreshes the README screenshot: SCREENSHOT=1 npx playwright test e2e/screenshot.spec.ts
test('README screenshot', async ({ page }) => {
  test.skip(!process.env.SCREENSHOT, 'only run to refresh docs/screenshot.png (set SCREENSHOT=1)');
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await page.setViewportSize({ width: 1440, height: 800 });
  await pickFiles(page, 'flights.parquet', 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Column menu for latitude', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Filter…' }).click();
  await page.getByRole('dialog').getByLabel('Operator').selectOption({ label: 'greater than' });
  await page.getByRole('dialog').getByLabel('Value').fill('30');
  await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('button', { name: 'Column menu for state', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  await expect(page.getByRole('region', { name: 'Column profile' }).getByText('Exact figures')).toBeVisible();
  await expect(page.locator('.dataset-header .row-count')).toHaveText(/^\d[\d,]* rows$/);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
