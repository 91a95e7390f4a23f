#!/usr/bin/env node
// `npm start`: builds, then runs the desktop app. Where the Electron binary is not installed
// (e.g. an offline install), serves the same build in web mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = locateElectronBinary(root);
let child;
if (electron.path !== null) {
  child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit' });
} else {
  console.log(`Sluice: the Electron binary is not available on this machine (${electron.reason}); serving the same app in web mode instead.`);
  child = spawn(process.execPath, [join(root, 'scripts', 'web.mjs'), '--no-build'], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`Sluice: could not start ${electron.path ?? 'web mode'}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
