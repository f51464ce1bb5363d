import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * Builds the renderer from the current sources into `outDir`, so the browser tests never run
 * against a stale dist/ left by an earlier build.
 */
export async function buildRenderer(outDir: string): Promise<string> {
  await build({
    configFile: path.join(REPO_ROOT, 'renderer/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
