import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPathFor, createAppProtocolHandler } from '../../electron/main/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy.js';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';

/** A renderer build folder with a secret beside it, a hidden file and a link out, then attacked. */
let work: string;
let rendererDir: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(() => {
  work = tempDir('winnow-app-protocol-');
  rendererDir = path.join(work, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Winnow</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'a b.svg'), '<svg/>');
  fs.writeFileSync(path.join(rendererDir, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(work, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(work, 'secret.txt'), path.join(rendererDir, 'assets', 'link.js'));
  serve = createAppProtocolHandler(rendererDir);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function get(url: string, method = 'GET'): Promise<Response> {
  return serve(new Request(url, { method }));
}

describe('app:// serving the renderer build', () => {
  it('serves the page and its assets with the CSP and their content types', async () => {
    const page = await get('app://winnow/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Winnow</title>');
    expect((await get('app://winnow/')).status).toBe(200);
    const script = await get('app://winnow/assets/index-abc.js?v=1');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://winnow/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://winnow/assets/a%20b.svg')).status).toBe(200);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://winnow/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://winnow/index.html', 'POST')).status).toBe(405);
  });

  it('answers 404 for files the build does not have', async () => {
    expect((await get('app://winnow/missing.js')).status).toBe(404);
  });

  it.each([
    ['a symlink out of the build', 'app://winnow/assets/link.js'],
    ['a hidden file', 'app://winnow/.env'],
    ['an encoded parent and slash', 'app://winnow/..%2fsecret.txt'],
    ['an encoded slash', 'app://winnow/assets%2Findex-abc.js'],
    ['an encoded backslash', 'app://winnow/..%5csecret.txt'],
    ['a backslash', 'app://winnow/assets\\..\\..\\secret.txt'],
    ['an encoded null byte', 'app://winnow/index.html%00.js'],
    ['a drive letter', 'app://winnow/C:%5CWindows%5Cwin.ini'],
    ['a folder', 'app://winnow/assets'],
    ['another host', 'app://evil/index.html'],
  ])('refuses %s', async (_name, url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('secret');
  });

  it('keeps dot segments inside the build: URL parsing resolves them before any file is named', async () => {
    for (const url of ['app://winnow/../secret.txt', 'app://winnow/%2e%2e/secret.txt', 'app://winnow/assets/../../../../secret.txt']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
    }
  });
});

describe('assetPathFor', () => {
  it('maps only into the build folder, decoding one segment at a time', () => {
    expect(assetPathFor(rendererDir, 'app://winnow/assets/a%20b.svg')).toEqual({ ok: true, file: path.join(rendererDir, 'assets', 'a b.svg'), contentType: 'image/svg+xml' });
    expect(assetPathFor(rendererDir, 'app://winnow/')).toMatchObject({ ok: true, file: path.join(rendererDir, 'index.html') });
  });

  it('refuses raw strings a transport might hand over unnormalised', () => {
    for (const raw of ['app://winnow/a/%E0%A4%A/b', 'app://winnow//etc/passwd', `app://winnow/${'a'.repeat(3000)}`, 'app://winnow/a%0a.js', 'file:///etc/passwd', 'app://user@winnow/index.html', 'app://winnow.evil/index.html']) {
      expect(assetPathFor(rendererDir, raw).ok, raw).toBe(false);
    }
  });
});

describe('the real renderer build', () => {
  const built = path.join(REPO_ROOT, 'dist/renderer');
  // npm ci builds it (prepare); a checkout that has not been built has nothing to serve yet.
  it.skipIf(!fs.existsSync(path.join(built, 'index.html')))('loads entirely from app://, with only same-origin subresources', async () => {
    const handler = createAppProtocolHandler(built);
    const page = await handler(new Request('app://winnow/index.html'));
    expect(page.status).toBe(200);
    const html = await page.text();
    const refs = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((ref) => !ref.startsWith('data:'));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const url = new URL(ref, 'app://winnow/index.html');
      expect(url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin, ref).toBe('app://winnow');
      const asset = await handler(new Request(url.href));
      expect(asset.status, ref).toBe(200);
      expect(asset.headers.get('content-type'), ref).toMatch(/^(text\/javascript|text\/css)/);
    }
  });
});
