import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { hostAllowed, originAllowed } from '../../electron/host/request-guard.js';
import { resolveStatic } from '../../electron/host/static-files.js';
import { scanWithFixture } from '../helpers/library.js';
import { FIXTURE_MODEL, realPhotos, tempDir } from '../helpers/paths.js';
import { iterations, recordStress } from '../helpers/stress.js';

const SECRET = 'TOP-SECRET-NOT-FOR-THE-PAGE';

/** Sends raw bytes, however malformed, and returns the status line (or how the socket ended). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', (c) => (data += c.toString('latin1')));
    socket.on('error', () => resolve(data || 'error'));
    socket.on('close', () => resolve(data || 'closed'));
    // No half-close: a server may drop a request whose client has already hung up.
    socket.on('connect', () => socket.write(bytes));
  });
}

const pathish = fc.oneof(
  fc.constantFrom('/', '/index.html', '/api/queryPhotos', '/api/../../secret.txt', '/media/photo/1/original', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '//etc/passwd', '/ws', '/index.html%00.js'),
  fc.array(fc.oneof(fc.constantFrom('..', '.', '%2e%2e', '%2f', '%5c', 'secret.txt', 'api', 'media', 'photo', '1', 'original', 'index.html', '\0'), fc.string({ maxLength: 6 })), { maxLength: 6 }).map((parts) => '/' + parts.join('/')),
);

describe('fuzz: the browser host under hostile requests', () => {
  let work: string;
  let renderer: string;
  let host: BrowserHost;

  beforeAll(async () => {
    work = tempDir('winnow-host-fuzz-');
    const photos = path.join(work, 'photos');
    fs.mkdirSync(photos);
    for (const f of realPhotos(2)) fs.copyFileSync(f, path.join(photos, path.basename(f)));
    const db = path.join(work, 'lib', 'library.db');
    await scanWithFixture(photos, db);
    renderer = path.join(work, 'renderer');
    fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>ok</title>');
    fs.writeFileSync(path.join(work, 'secret.txt'), SECRET);
    fs.writeFileSync(path.join(work, 'secret.js'), SECRET);
    fs.symlinkSync(path.join(work, 'secret.js'), path.join(renderer, 'assets', 'linked.js'));
    host = await startBrowserHost({ dbPath: db, rendererDir: renderer, modelPath: FIXTURE_MODEL, writeSidecars: false });
  });

  afterAll(async () => {
    await host?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('listens on loopback only', () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
  });

  it('never lets a request without the token through, never leaks a file, and keeps answering', async () => {
    const runs = iterations(150, 3_000);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'DELETE', 'BREW'),
        pathish,
        fc.constantFrom('none', 'wrong', 'query-wrong', 'header-empty'),
        fc.constantFrom(`127.0.0.1:PORT`, 'localhost:PORT', 'evil.example:PORT', '127.0.0.1', '', '[::1]:PORT'),
        fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), fc.constant('{"args":[{"sort":"quality"}]}')),
        async (method, p, token, hostHeader, body) => {
          const hostValue = hostHeader.replace('PORT', String(host.port));
          const q = token === 'query-wrong' ? `${p.includes('?') ? '&' : '?'}token=${'0'.repeat(host.token.length)}` : '';
          const headers = [`${method} ${p.replace(/[\s]/g, '')}${q} HTTP/1.1`, hostValue ? `Host: ${hostValue}` : null, token === 'wrong' ? `X-Winnow-Token: ${host.token.slice(0, -1)}x` : null, token === 'header-empty' ? 'X-Winnow-Token:' : null, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close']
            .filter(Boolean)
            .join('\r\n');
          const answer = await raw(host.port, `${headers}\r\n\r\n${body}`);
          expect(answer).not.toContain(SECRET);
          const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
          // Without the right token nothing succeeds: a refusal, a malformed-request answer, or a closed socket.
          expect(status === 0 || status >= 400, `${method} ${p} -> ${status}`).toBe(true);
        },
      ),
      { numRuns: runs },
    );
    // Still alive and still serving the page to whoever has the token.
    const ok = await raw(host.port, `GET ${new URL(host.url).pathname}?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`);
    expect(ok).toMatch(/^HTTP\/1\.1 200/);
    recordStress('fuzz browser host requests', { cases: runs, unauthorised: 0, leaks: 0 });
  });

  it('maps URL paths only to files inside the renderer folder', async () => {
    const runs = iterations(400, 10_000);
    const base = fs.realpathSync(renderer);
    await fc.assert(
      fc.asyncProperty(pathish, async (p) => {
        const file = await resolveStatic(renderer, p);
        if (file) expect(path.relative(base, file.file).startsWith('..')).toBe(false);
      }),
      { numRuns: runs },
    );
    expect(await resolveStatic(renderer, '/assets/linked.js')).toBeNull();
    recordStress('fuzz static paths', { cases: runs, escapes: 0 });
  });

  it('accepts only its own loopback Host and Origin', () => {
    const runs = iterations(2_000, 50_000);
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('127.0.0.1:1', 'localhost:1', '127.0.0.1.evil:1', 'http://127.0.0.1:1', 'http://127.0.0.1:1.evil.com')), fc.integer({ min: 1, max: 65535 }), (value, port) => {
        if (hostAllowed(value, port)) {
          accepted++;
          expect(value).toMatch(new RegExp(`^(127\\.0\\.0\\.1|localhost|\\[::1\\]):${port}$`));
        }
        if (originAllowed(value, port)) {
          accepted++;
          expect(value).toMatch(new RegExp(`^http://(127\\.0\\.0\\.1|localhost|\\[::1\\]):${port}$`));
        }
      }),
      { numRuns: runs },
    );
    recordStress('fuzz host and origin checks', { cases: runs, accepted, foreignAccepted: 0 });
  });
});
