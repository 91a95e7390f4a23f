import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One apache-arrow for the tests and DuckDB-WASM's Node build (which requires the CommonJS entry):
    // with two copies, Arrow objects from the engine are not instances of the tests' classes.
    alias: { 'apache-arrow': require.resolve('apache-arrow') },
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Engines start in hooks; on a loaded 2-core machine that can take longer than the default 10 s.
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
