// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'models/**', 'renderer/dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.cts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The layering rule: the core runs in plain Node (CLI, tests, browser host), so it must never
    // reach for Electron. Only electron/main and electron/preload may.
    files: ['electron/core/**', 'electron/cli/**', 'electron/shared/**', 'renderer/**', 'test/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron (see README: Layering).' }],
        patterns: [{ group: ['electron/*', '**/electron/main/**', '**/electron/preload/**'], message: 'Core code must not depend on the Electron layer.' }],
      }],
    },
  },
);
