import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    // Native addons (sharp, onnxruntime, better-sqlite3) are not safe to share across vitest's
    // worker threads on every platform; forks isolate them and match how the CLI runs.
    pool: 'forks',
    globalSetup: ['test/stress/stress-summary.ts'],
    setupFiles: ['test/helpers/remove-temporary-folders.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
