// @ts-check
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'models/**', 'scratch/**'] },
  ...tseslint.configs.recommended,
  // Components and rune modules: Svelte's own rules, with TypeScript parsing their scripts.
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['**/*.ts', '**/*.cts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The layering rule: the core runs in plain Node (CLI, tests, browser host), so it must never
    // reach for Electron. Only electron/main and electron/preload may.
    files: ['electron/core/**', 'electron/cli/**', 'electron/host/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron (see README: layout).' }],
        patterns: [{ group: ['**/main/**', '**/preload/**'], message: 'Plain-Node code must not depend on the Electron layer.' }],
      }],
    },
  },
  {
    // The API contract is the bottom layer: every other layer imports it, it imports only itself.
    files: ['electron/shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'electron/shared imports nothing outside electron/shared (see README: layout).' }] }] },
  },
  {
    // The renderer runs in a sandboxed page: of the app's own code it sees only the shared contract.
    files: ['renderer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'], patterns: [{ regex: '(^|/)(electron|test|bench)/(?!shared/)', message: 'The renderer imports only electron/shared (see README: layout).' }] }] },
  },
  {
    // Write transactions must BEGIN IMMEDIATE (see electron/core/store/write-transaction.ts):
    // a deferred one fails with SQLITE_BUSY, without waiting, when a scan writes at the same time.
    files: ['electron/**/*.ts'],
    ignores: ['electron/core/store/write-transaction.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='transaction'][callee.object.name='db']", message: 'Use writeTransaction(db, fn) from electron/core/store/write-transaction.ts (BEGIN IMMEDIATE).' },
        { selector: "CallExpression[callee.property.name='transaction'][callee.object.property.name='db']", message: 'Use writeTransaction(db, fn) from electron/core/store/write-transaction.ts (BEGIN IMMEDIATE).' },
      ],
    },
  },
  {
    // A promise is awaited, returned or voided on purpose, and never handed to something that
    // ignores it (an event callback, a condition). Type-aware, so the tsconfigs must cover these.
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'renderer/src/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json', './renderer/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
  },
  {
    // Tests may exercise the pure decision functions of electron/main, but never Electron itself.
    files: ['test/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Tests run in plain Node: test what the Electron layer decides as plain functions.' }] }],
    },
  },
);
