#!/usr/bin/env node
// Builds the app and serves it in web mode (same security headers as the desktop app).
// PORT overrides the port (default 5173).
import { spawnSync, spawn } from 'node:child_process';

const port = process.env.PORT ?? '5173';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!process.argv.includes('--no-build')) {
  const build = spawnSync(npm, ['run', 'build:renderer'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
console.log(`Sluice (web mode): http://localhost:${port}/`);
const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', port, '--strictPort'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
