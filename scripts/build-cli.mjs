#!/usr/bin/env node
// Bundles the `sluice` CLI into dist-cli/sluice.mjs (ESM, Node 20). Runs on `npm install` / `npm ci`
// (the `prepare` script) so `npx sluice` works in a fresh clone. npm packages stay external: they are
// resolved from node_modules at run time (@duckdb/node-api is a native addon and cannot be bundled).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // An install without devDependencies (npm install --omit=dev) has no bundler: say so, do not fail the install.
  console.warn('sluice CLI not built: esbuild is not installed (devDependencies omitted). Run `npm install` then `npm run build:cli`.');
  process.exit(0);
}

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['cli/main.ts'],
  outfile: 'dist-cli/sluice.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('Built dist-cli/sluice.mjs');
