import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { tokensMatch } from '../../electron/host/access-token.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { scanWithFixture } from '../helpers/library.js';

/** A request with full control over headers (fetch refuses to set Host). */
function request(port: number, p: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let work: string;
let host: BrowserHost;
let photoId: number;

function api(method: string, args: unknown[], token = host.token, extra: Record<string, string> = {}) {
  return request(host.port, `/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': token, ...extra }, body: JSON.stringify({ args }) });
}

beforeAll(async () => {
  work = tempDir('winnow-host-');
  const photos = path.join(work, 'photos');
  fs.mkdirSync(photos);
  for (const f of realPhotos(3)) fs.copyFileSync(f, path.join(photos, path.basename(f)));
  const db = path.join(work, 'lib', 'library.db');
  await scanWithFixture(photos, db);
  const renderer = path.join(work, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>test</title>');
  host = await startBrowserHost({ dbPath: db, rendererDir: renderer, modelPath: FIXTURE_MODEL, writeSidecars: false });
  photoId = (await host.service.queryPhotos({ limit: 1 })).rows[0]!.id;
});

afterAll(async () => {
  await host?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('access token', () => {
  it('matches only the exact token', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('abc', '')).toBe(false);
    expect(tokensMatch('abc', undefined)).toBe(false);
  });
});

describe('browser host', () => {
  it('listens on loopback with a long random token in its URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{22}\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses every request without the token, with a wrong one, or for another host name', async () => {
    expect((await request(host.port, '/')).status).toBe(403);
    expect((await request(host.port, '/?token=wrong')).status).toBe(403);
    expect((await api('listRoots', [], 'x'.repeat(32))).status).toBe(403);
    expect((await request(host.port, `/media/${photoId}/thumbnail`)).status).toBe(403);
    // DNS rebinding: a right token under a foreign Host is still refused.
    expect((await request(host.port, `/?token=${host.token}`, { headers: { Host: `evil.example:${host.port}` } })).status).toBe(403);
    expect((await api('listRoots', [], host.token, { Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('serves the page with the token and hands the page a strict cookie for its assets, scoped to the run', async () => {
    const session = new URL(host.url).pathname;
    const page = await request(host.port, `${session}?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // Cookies ignore ports: one for "/" would reach every other server on 127.0.0.1. This one is
    // sent only under the run's random path.
    expect(cookie).toContain(`Path=${session};`);
    expect(cookie).not.toMatch(/Path=\/;/);
    const withCookie = await request(host.port, `${session}index.html`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    expect((await request(host.port, `${session}media/${photoId}/thumbnail`, { headers: { Cookie: cookie.split(';')[0]! } })).status).toBe(200);
    // The old address leads to the session page.
    const old = await request(host.port, `/?token=${host.token}`);
    expect(old.status).toBe(303);
    expect(old.headers.location).toBe(`${session}?token=${host.token}`);
    expect((await request(host.port, `${session}../../etc/passwd?token=${host.token}`)).status).toBe(404);
    expect((await request(host.port, `${session}%2e%2e/secret.html?token=${host.token}`)).status).toBe(404);
  });

  it('refuses bodies that are not {"args": [...]} (null, lists, deep nesting) and changes nothing', async () => {
    const before = JSON.parse((await api('photoDetail', [photoId])).body).result;
    const post = (body: string) => request(host.port, '/api/decide', { method: 'POST', headers: { 'X-Winnow-Token': host.token, 'Content-Type': 'application/json' }, body });
    const deep = `{"args": [[${photoId}], ${'{"a":'.repeat(200)}1${'}'.repeat(200)}]}`;
    const deeper = `{"args": [${'['.repeat(100_000)}${']'.repeat(100_000)}]}`;
    for (const body of ['null', '[]', '7', '"x"', `{"args": [[${photoId}], {"pick": 1}], "extra": 1}`, deep, deeper]) {
      const r = await post(body);
      expect(r.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(r.status, body.slice(0, 40)).toBeLessThan(500);
    }
    expect(JSON.parse((await api('photoDetail', [photoId])).body).result).toEqual(before);
  });

  it('implements the API over POST and validates what it is sent', async () => {
    const roots = await api('listRoots', []);
    expect(roots.status).toBe(200);
    expect(JSON.parse(roots.body).result).toHaveLength(1);
    const page = JSON.parse((await api('queryPhotos', [{ sort: 'quality', withTotal: true, limit: 2 }])).body);
    expect(page.result.total).toBe(3);
    expect(page.result.rows).toHaveLength(2);

    expect((await api('nope', [])).status).toBe(404);
    expect((await request(host.port, '/api/listRoots', { method: 'GET', headers: { 'X-Winnow-Token': host.token } })).status).toBe(405);
    expect((await request(host.port, '/api/listRoots', { method: 'POST', headers: { 'X-Winnow-Token': host.token, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await request(host.port, '/api/listRoots', { method: 'POST', headers: { 'X-Winnow-Token': host.token, 'Content-Type': 'application/json' }, body: '{not json' })).status).toBe(400);
    expect((await request(host.port, '/api/listRoots', { method: 'POST', headers: { 'X-Winnow-Token': host.token, 'Content-Type': 'application/json' }, body: '{"args": "x"}' })).status).toBe(400);
    expect((await api('decide', [['1'], { pick: 1 }])).status).toBe(400);
    expect((await api('decide', [[photoId], { pick: 2 }])).status).toBe(400);
    expect((await api('decide', [[photoId], { rating: 9 }])).status).toBe(400);
    expect((await api('decide', [[photoId], {}])).status).toBe(400);
    expect((await api('addRoot', ['relative/path'])).status).toBe(400);
    expect((await api('photoDetail', [-1])).status).toBe(400);
    // Junk in a query is dropped, not passed on.
    const junk = JSON.parse((await api('queryPhotos', [{ sort: 'p.id; DROP TABLE photos', limit: 1e9, camera: { $ne: 1 } }])).body);
    expect(junk.result.rows).toHaveLength(3);
    const big = 'x'.repeat(2 << 20);
    expect((await request(host.port, '/api/listRoots', { method: 'POST', headers: { 'X-Winnow-Token': host.token, 'Content-Type': 'application/json' }, body: big }).catch(() => ({ status: 413 }))).status).toBe(413);
  });

  it('serves thumbnails, previews and originals by id only', async () => {
    const auth = { 'X-Winnow-Token': host.token };
    const thumb = await request(host.port, `/media/${photoId}/thumbnail`, { headers: auth });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const preview = await request(host.port, `/media/${photoId}/preview`, { headers: auth });
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toBe('image/jpeg');
    expect(fs.readdirSync(path.join(work, 'lib', 'previews'), { recursive: true }).some((f) => String(f).endsWith('.jpg'))).toBe(true);
    expect((await request(host.port, `/media/${photoId}/original`, { headers: auth })).status).toBe(200);
    expect((await request(host.port, `/media/999999/thumbnail`, { headers: auth })).status).toBe(404);
    expect([400, 404]).toContain((await request(host.port, `/media/${photoId}/../../etc/passwd`, { headers: auth })).status);
    expect((await request(host.port, `/media/${photoId}/secret`, { headers: auth })).status).toBe(400);
    const etag = thumb.headers.etag!;
    expect((await request(host.port, `/media/${photoId}/thumbnail`, { headers: { ...auth, 'If-None-Match': etag } })).status).toBe(304);
  });

  it('pushes events over a WebSocket that requires the token', async () => {
    const base = `ws://127.0.0.1:${host.port}/events`;
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base}?token=wrong`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(403);
    const ws = new WebSocket(`${base}?token=${host.token}`);
    const messages: { name: string; payload: unknown }[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once('open', r));
    await expect.poll(() => messages.length).toBeGreaterThan(0);
    expect(messages[0]!.name).toBe('scan');
    const decided = await api('decide', [[photoId], { pick: 1 }]);
    expect(JSON.parse(decided.body).result.changed).toEqual([{ photoId, rating: 0, pick: 1, colorLabel: null }]);
    await expect.poll(() => messages.some((m) => m.name === 'decisions')).toBe(true);
    ws.close();
  });
});

describe('winnow serve', () => {
  it('prints a tokenised loopback URL, serves the built UI and stops on SIGINT', async () => {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: npm run build');
    const dir = tempDir('winnow-serve-');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), 'serve', '--db', path.join(dir, 'library.db'), '--model', FIXTURE_MODEL, '--port', '0'], { cwd: REPO_ROOT });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\/s\/\S+\?token=\S+/.test(out), { timeout: 30_000 }).toBe(true);
      const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/s\/\S+\?token=\S+/.exec(out)![0]);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="app">');
      expect((await fetch(new URL('/', url))).status).toBe(403);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
