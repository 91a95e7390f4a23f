// Finds the Electron executable the way node_modules/electron/index.js does, but never downloads it
// (requiring 'electron' from plain Node would try to fetch the binary when it is missing).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} projectRoot
 * @returns {{ path: string } | { path: null, reason: string }}
 */
export function locateElectronBinary(projectRoot) {
  const packageDir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative || 'electron');
    return existsSync(candidate) ? { path: candidate } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }
  if (!existsSync(packageDir)) return { path: null, reason: 'node_modules/electron is not installed' };
  if (!relative) return { path: null, reason: 'no binary was downloaded into node_modules/electron' };
  const candidate = join(packageDir, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { path: null, reason: `${candidate} does not exist` };
}

/**
 * @param {string} projectRoot
 * @returns {string | null} the Electron executable, or null when it is not on this machine
 */
export function findElectronBinary(projectRoot) {
  return locateElectronBinary(projectRoot).path;
}
