import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';

/**
 * The preload as Electron will load it, bundled by Vite from the current source with the build's
 * own configuration (into a temporary folder, so a stale dist/ is never what is checked): a
 * sandboxed preload can require only 'electron', and what it exposes must be the typed API and
 * the event source, never ipcRenderer.
 */
describe('the bundled preload', () => {
  let code = '';

  beforeAll(async () => {
    const outDir = tempDir('winnow-preload-');
    await build({ configFile: path.join(REPO_ROOT, 'electron/preload/vite.config.ts'), logLevel: 'silent', build: { outDir } });
    code = fs.readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
  });

  it("requires nothing but 'electron'", () => {
    const required = [...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bimport\(/);
  });

  it('exposes exactly window.winnow and window.winnowEvents', () => {
    const exposed = [...code.matchAll(/exposeInMainWorld\(\s*["'`]([^"'`]+)["'`]\s*,\s*([^)]*)\)/g)].map((m) => [m[1], m[2]!.trim()]);
    expect(exposed.map(([name]) => name).sort()).toEqual(['winnow', 'winnowEvents']);
    for (const [, value] of exposed) expect(value).not.toMatch(/ipcRenderer|electron\b/);
  });
});
