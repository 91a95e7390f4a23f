import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-electron/', 'dist-cli/', '.tsbuild/', 'node_modules/', 'test-results/', 'playwright-report/', 'e2e/.data/', 'bench/.data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', 'react', 'react-dom', '../renderer/*', '../electron/*'], message: 'shared/ is runtime-neutral: no Node, DOM or app imports.' }] }],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', 'react', 'react-dom', '@duckdb/duckdb-wasm', '../renderer/*', '../electron/*', '../../renderer/*', '../../electron/*'], message: 'cli/ runs in Node: it imports shared/ and Node packages only.' }] }],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.{js,ts}', 'e2e/**/*.ts', 'test/**/*.ts', 'electron/**/*.ts', 'bench/**/*.{ts,mjs}', 'cli/**/*.ts', 'bin/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
