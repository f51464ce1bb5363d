import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * The preload as Electron will load it (dist/preload/preload.cjs, bundled by Vite): a sandboxed
 * preload can require only 'electron', and what it exposes must be the typed API and the event
 * source, never ipcRenderer.
 */
const bundle = path.join(REPO_ROOT, 'dist/preload/preload.cjs');

// npm ci builds it (prepare); a checkout that has not been built has no bundle to check yet.
describe.skipIf(!fs.existsSync(bundle))('the bundled preload', () => {
  const code = fs.existsSync(bundle) ? fs.readFileSync(bundle, 'utf8') : '';

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
