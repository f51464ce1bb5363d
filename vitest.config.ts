import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Native addons (sharp, onnxruntime, better-sqlite3) are not safe to share across vitest's
    // worker threads on every platform; forks isolate them and match how the CLI runs.
    pool: 'forks',
    globalSetup: ['test/stress/stress-summary.ts'],
    setupFiles: ['test/helpers/remove-temporary-folders.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'] } },
      {
        // The renderer's state classes (.svelte.ts) and components run compiled by Svelte, in
        // jsdom, with Svelte's browser build (its server build cannot mount components).
        extends: true,
        plugins: [svelte(), svelteTesting()],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: ['renderer/src/**/*.test.ts'], environment: 'jsdom', setupFiles: ['renderer/src/test-support/jsdom-setup.ts'] },
      },
    ],
  },
});
