#!/usr/bin/env node
// Bundles the Electron main process and the preload into dist-electron/ (CommonJS, Node 20).
// The sandboxed preload can only require('electron'), so shared/ code is bundled into it.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const entries = [
  ['electron/main.ts', 'dist-electron/main.cjs'],
  ['electron/preload.ts', 'dist-electron/preload.cjs'],
];

await Promise.all(
  entries.map(([entry, outfile]) =>
    build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron'],
      sourcemap: true,
      logLevel: 'warning',
    }),
  ),
);
console.log('Built dist-electron/main.cjs and dist-electron/preload.cjs');
