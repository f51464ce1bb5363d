import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/main/sender-policy.js';
import { secureWindowOptions } from '../../electron/main/window-options.js';
import { sanitiseListQuery } from '../../electron/core/library-service.js';

describe('window options', () => {
  it('isolate and sandbox the renderer with no Node access', () => {
    const prefs = secureWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });
});

describe('IPC sender policy', () => {
  const app = 'file:///opt/winnow/dist/renderer/index.html';
  it('accepts only the app page in the main frame', () => {
    expect(isTrustedSender(app, true, app)).toBe(true);
    expect(isTrustedSender(app + '#/loupe', true, app)).toBe(true);
    expect(isTrustedSender(app, false, app)).toBe(false);
    expect(isTrustedSender('file:///tmp/evil.html', true, app)).toBe(false);
    expect(isTrustedSender('https://example.com/', true, app)).toBe(false);
    expect(isTrustedSender(undefined, true, app)).toBe(false);
    expect(isTrustedSender('not a url', true, app)).toBe(false);
  });
});

describe('list queries from the renderer', () => {
  it('are rebuilt from known fields and bounded', () => {
    expect(sanitiseListQuery({ sort: 'quality; DROP TABLE photos', order: 'sideways', limit: 1e9, offset: -5, minQuality: 'x', evil: 1 })).toEqual({
      sort: 'quality',
      order: 'desc',
      limit: 1000,
      offset: 0,
      includeMissing: false,
    });
    expect(sanitiseListQuery(null)).toMatchObject({ sort: 'quality', limit: 200 });
    expect(sanitiseListQuery({ sort: 'name', order: 'asc', minQuality: 40.5 })).toMatchObject({ sort: 'name', order: 'asc', minQuality: 40.5 });
  });
});
