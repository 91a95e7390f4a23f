import { expect, test } from '@playwright/test';
import { openApp, pickFiles } from './support/app.ts';

// Refreshes the README screenshot: SCREENSHOT=1 npx playwright test e2e/screenshot.spec.ts
test('README screenshot', async ({ page }) => {
  test.skip(!process.env.SCREENSHOT, 'only run to refresh docs/screenshot.png (set SCREENSHOT=1)');
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await pickFiles(page, 'flights.parquet', 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot.png' });
});
