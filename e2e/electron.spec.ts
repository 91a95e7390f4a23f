import { _electron as electron, expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateElectronBinary } from '../scripts/electron-binary.mjs';

// Desktop smoke test. Needs `npm run build` first; skipped (with the reason) where the Electron binary is not installed.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('desktop app opens with the host bridge and without Node in the page', async () => {
  const binary = locateElectronBinary(root);
  if (binary.path === null) {
    test.skip(true, `Electron binary not available on this machine: ${binary.reason}`);
    return;
  }
  // Chromium refuses to run its sandbox as root (e.g. in CI containers).
  const args = process.getuid?.() === 0 ? ['.', '--no-sandbox'] : ['.'];
  const app = await electron.launch({ executablePath: binary.path, args, cwd: root });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('button', { name: 'Open file' }).first()).toBeVisible({ timeout: 30_000 });
    type PageGlobals = { sluiceHost?: { openFileDialog?: unknown; openProjectDialog?: unknown }; require?: unknown };
    expect(await page.evaluate(() => typeof (window as unknown as PageGlobals).sluiceHost?.openFileDialog)).toBe('function');
    expect(await page.evaluate(() => typeof (window as unknown as PageGlobals).sluiceHost?.openProjectDialog)).toBe('function');
    expect(await page.evaluate(() => typeof (window as unknown as PageGlobals).require)).toBe('undefined');
  } finally {
    await app.close();
  }
});
