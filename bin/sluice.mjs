#!/usr/bin/env node
// The `sluice` command: runs the CLI bundled by `npm run build:cli` (which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist-cli/sluice.mjs', import.meta.url);
if (!existsSync(bundle)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`sluice: the CLI is not built (${fileURLToPath(bundle)} is missing).\nRun \`npm run build:cli\` in ${root} (\`npm install\` also builds it).\n`);
  process.exit(3);
}
await import(bundle.href);
