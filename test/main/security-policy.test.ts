import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sanitiseListQuery } from '../../electron/core/library-service.js';
import { APP_INDEX_URL, isAppPage } from '../../electron/main/app-origin.js';
import { CONTENT_SECURITY_POLICY, appResponseHeaders } from '../../electron/main/content-security-policy.js';
import { PRIVILEGED_SCHEMES } from '../../electron/main/privileged-schemes.js';
import { isTrustedSender } from '../../electron/main/sender-policy.js';
import { BLOCKED_REQUEST_PATTERNS, isNavigationAllowed, isPermissionGranted, shouldBlockRequest, windowOpenDecision } from '../../electron/main/web-policy.js';
import { secureWindowOptions } from '../../electron/main/window-options.js';
import { REPO_ROOT } from '../helpers/paths.js';

/** Look-alikes of the app page that must never count as it. */
const IMPOSTORS = [
  'app://winnow.evil/index.html',
  'app://evil/index.html',
  'app://winnow@evil/index.html',
  'app://user:pass@winnow/index.html',
  'app://winnow:8080/index.html',
  'app://winnow/other.html',
  'app://winnow/assets/index.js',
  'file:///opt/winnow/dist/renderer/index.html',
  'https://winnow/index.html',
  'http://localhost:5173/',
  'winnow-media://photo/1/original',
  'devtools://devtools/bundled/inspector.html',
  'about:blank',
  'data:text/html,<script>alert(1)</script>',
  'javascript:alert(1)',
  'not a url',
  '',
];

describe('window options', () => {
  it('isolate and sandbox the renderer with no Node access', () => {
    const prefs = secureWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('open where the window state says, hidden until ready', () => {
    const options = secureWindowOptions('/p.cjs', { x: 10, y: 20, width: 1000, height: 700 });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
  });
});

describe('the app page', () => {
  it('is exactly app://winnow/ or its index.html', () => {
    expect(isAppPage(APP_INDEX_URL)).toBe(true);
    expect(isAppPage('app://winnow/')).toBe(true);
    expect(isAppPage('app://winnow/index.html#/loupe/12')).toBe(true);
    // Chromium lower-cases hosts of standard schemes before anyone sees the URL; anything else is not ours.
    expect(isAppPage('app://WINNOW/index.html')).toBe(false);
    for (const url of IMPOSTORS) expect(isAppPage(url), url).toBe(false);
    expect(isAppPage(undefined)).toBe(false);
  });
});

describe('IPC sender policy', () => {
  it('accepts only the app page in a top-level frame', () => {
    expect(isTrustedSender({ url: APP_INDEX_URL, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: `${APP_INDEX_URL}#/grid`, isMainFrame: true })).toBe(true);
  });

  it('refuses subframes, other pages and frames that are gone', () => {
    expect(isTrustedSender({ url: APP_INDEX_URL, isMainFrame: false })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender({ url: undefined, isMainFrame: true })).toBe(false);
    for (const url of IMPOSTORS) expect(isTrustedSender({ url, isMainFrame: true }), url).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => {
    const [name, ...sources] = d.split(' ');
    return [name!, sources] as const;
  }));

  it('denies by default and allows only the app itself and the media scheme for images', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'winnow-media:', 'data:', 'blob:']);
    for (const name of ['object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(directives.get(name), name).toEqual(["'none'"]);
  });

  it('names no remote origin and allows no inline or eval', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*|'unsafe-|file:/);
  });

  it('goes out with every app response, with nosniff and no referrer', () => {
    expect(appResponseHeaders('text/html')).toMatchObject({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('is no looser in the renderer meta tag: the meta names nothing remote or inline', () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(meta).not.toMatch(/https?:|wss?:|\*|'unsafe-|file:/);
    expect(meta).toMatch(/script-src 'self'/);
    expect(meta).toMatch(/object-src 'none'/);
  });
});

describe('privileged schemes', () => {
  it('make both schemes standard and secure without bypassing CSP or allowing service workers', () => {
    expect(PRIVILEGED_SCHEMES.map((s) => s.scheme).sort()).toEqual(['app', 'winnow-media']);
    for (const { scheme, privileges } of PRIVILEGED_SCHEMES) {
      expect(privileges, scheme).toMatchObject({ standard: true, secure: true });
      expect(privileges?.bypassCSP, scheme).toBeFalsy();
      expect(privileges?.allowServiceWorkers, scheme).toBeFalsy();
    }
    expect(PRIVILEGED_SCHEMES.find((s) => s.scheme === 'winnow-media')!.privileges?.corsEnabled).toBeFalsy();
  });

  it('let no other origin read app responses: no CORS header is ever sent', () => {
    expect(Object.keys(appResponseHeaders('text/html')).map((h) => h.toLowerCase())).not.toContain('access-control-allow-origin');
  });
});

describe('navigation and new windows', () => {
  it('allow only a top-level reload of the app page', () => {
    expect(isNavigationAllowed(APP_INDEX_URL, true)).toBe(true);
    expect(isNavigationAllowed(APP_INDEX_URL, false)).toBe(false);
    for (const url of IMPOSTORS) expect(isNavigationAllowed(url, true), url).toBe(false);
  });

  it('never open a window, for any URL', () => {
    for (const url of [APP_INDEX_URL, 'https://example.com/', 'file:///etc/passwd', ...IMPOSTORS]) expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
  });

  it('never hand a URL or a path to open to the operating system; only library files to its trash', () => {
    const mainDir = path.join(REPO_ROOT, 'electron/main');
    let trashCalls = 0;
    for (const file of fs.readdirSync(mainDir)) {
      const text = fs.readFileSync(path.join(mainDir, file), 'utf8');
      expect(text, file).not.toMatch(/openExternal|openPath|showItemInFolder|\bshell\s*\.(?!trashItem\()/);
      trashCalls += (text.match(/\bshell\.trashItem\(/g) ?? []).length;
    }
    expect(trashCalls).toBe(1);
  });
});

describe('permissions', () => {
  it('grants nothing, to anyone', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'fileSystem', 'hid', 'usb', 'serial']) {
      expect(isPermissionGranted(permission, 'app://winnow'), permission).toBe(false);
      expect(isPermissionGranted(permission, 'https://example.com'), permission).toBe(false);
    }
  });
});

describe('request blocking', () => {
  it('cancels file, network and socket requests, keeps the app and media schemes', () => {
    for (const url of ['file:///etc/passwd', 'file://server/share/x.jpg', 'https://example.com/x.js', 'http://127.0.0.1:8080/', 'ws://localhost/', 'wss://example.com/', 'ftp://example.com/', 'not a url']) {
      expect(shouldBlockRequest(url), url).toBe(true);
    }
    for (const url of [APP_INDEX_URL, 'app://winnow/assets/index.js', 'winnow-media://photo/1/thumbnail', 'data:image/png;base64,AA==', 'blob:app://winnow/1234']) {
      expect(shouldBlockRequest(url), url).toBe(false);
    }
  });

  it('filters on every built-in scheme that could reach the disk or the network', () => {
    expect(BLOCKED_REQUEST_PATTERNS).toEqual(expect.arrayContaining(['file://*/*', 'http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
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
  });
});
