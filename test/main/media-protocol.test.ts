import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { createMediaProtocolHandler, isAllowedMediaInitiator, mediaUrl, parseMediaUrl } from '../../electron/main/media-protocol.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';

/** The winnow-media:// handler over a real scanned library, fed real fetch Requests. */
let work: string;
let store: LibraryStore;
let serve: (request: Request) => Promise<Response>;
let photoId: number;
let escapeId: number;

beforeAll(async () => {
  work = tempDir('winnow-media-protocol-');
  const root = path.join(work, 'library');
  fs.mkdirSync(root);
  const [a, b] = realPhotos(2);
  fs.copyFileSync(a!, path.join(root, 'a.jpg'));
  fs.copyFileSync(b!, path.join(work, 'outside.jpg'));
  // Scanned as a photo, then swapped for a link out of the root (the walker skips such links).
  fs.copyFileSync(b!, path.join(root, 'escape.jpg'));
  const dbPath = path.join(work, 'data', 'library.db');
  await scanWithFixture(root, dbPath);
  fs.rmSync(path.join(root, 'escape.jpg'));
  fs.symlinkSync(path.join(work, 'outside.jpg'), path.join(root, 'escape.jpg'));
  store = LibraryStore.open(dbPath);
  const idFor = (name: string) => (store.db.prepare('SELECT id FROM photos WHERE name = ?').get(name) as { id: number }).id;
  photoId = idFor('a.jpg');
  escapeId = idFor('escape.jpg');
  serve = createMediaProtocolHandler({ store, thumbnailsDir: path.join(work, 'data', 'thumbnails') });
});

afterAll(() => {
  store?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function request(url: string, init: RequestInit & { initiatorOrigin?: string } = {}): Request {
  const r = new Request(url, init);
  // Electron adds initiatorOrigin to the Request it hands protocol handlers.
  if (init.initiatorOrigin !== undefined) Object.defineProperty(r, 'initiatorOrigin', { value: init.initiatorOrigin });
  return r;
}

describe('winnow-media:// URLs', () => {
  it('round-trip an id and a kind', () => {
    expect(mediaUrl(12, 'thumbnail')).toBe('winnow-media://photo/12/thumbnail');
    expect(parseMediaUrl(mediaUrl(12, 'preview'))).toEqual({ photoId: 12, kind: 'preview' });
  });

  it.each([
    'winnow-media://photo/../1/original',
    'winnow-media://photo/%2e%2e%2f1/original',
    'winnow-media://photo/1%2Foriginal',
    'winnow-media://photo/1/original%00',
    'winnow-media://photo/1/original?x',
    'winnow-media://photo/1/original#x',
    'winnow-media://photo//etc/passwd',
    'winnow-media://photo/C:\\Windows\\win.ini',
    'winnow-media://photo/1\\original',
    'winnow-media://other/1/original',
    'winnow-media://photo.evil/1/original',
    'winnow-media://user@photo/1/original',
    `winnow-media://photo/${'1'.repeat(16)}/original`,
    `winnow-media://photo/${'1'.repeat(5000)}/original`,
    'file:///etc/passwd',
    'app://winnow/1/original',
  ])('refuse %s', (url) => {
    expect(parseMediaUrl(url)).toBeNull();
  });
});

describe('the media protocol handler', () => {
  it('streams a thumbnail, a preview and an original with their types and sizes', async () => {
    const thumbnail = await serve(request(mediaUrl(photoId, 'thumbnail'), { initiatorOrigin: 'app://winnow' }));
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(thumbnail.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await thumbnail.arrayBuffer());
    expect(bytes.length).toBe(Number(thumbnail.headers.get('content-length')));
    expect((await sharp(bytes).metadata()).format).toBe('webp');

    const preview = await serve(request(mediaUrl(photoId, 'preview')));
    expect(preview.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).format).toBe('jpeg');

    const original = await serve(request(mediaUrl(photoId, 'original')));
    expect(Buffer.from(await original.arrayBuffer()).equals(fs.readFileSync(path.join(work, 'library', 'a.jpg')))).toBe(true);
  });

  it('answers HEAD without a body', async () => {
    const head = await serve(request(mediaUrl(photoId, 'original'), { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it('refuses other methods, other initiators and bad URLs', async () => {
    expect((await serve(request(mediaUrl(photoId, 'original'), { method: 'POST' }))).status).toBe(405);
    expect((await serve(request(mediaUrl(photoId, 'original'), { initiatorOrigin: 'https://evil.example' }))).status).toBe(403);
    expect((await serve(request(mediaUrl(photoId, 'original'), { initiatorOrigin: 'null' }))).status).toBe(403);
    expect((await serve(request('winnow-media://photo/%2e%2e%2f1/original'))).status).toBe(400);
    expect((await serve(request('winnow-media://photo/1/original%00'))).status).toBe(400);
  });

  it('refuses a link out of the library and unknown ids without leaking paths', async () => {
    const escape = await serve(request(mediaUrl(escapeId, 'original')));
    expect(escape.status).toBe(403);
    expect(await escape.text()).not.toContain(work);
    expect((await serve(request(mediaUrl(999_999, 'thumbnail')))).status).toBe(404);
  });

  it('trusts only the app origin as initiator (or the browser itself)', () => {
    expect(isAllowedMediaInitiator('app://winnow')).toBe(true);
    expect(isAllowedMediaInitiator(undefined)).toBe(true);
    for (const origin of ['app://winnow.evil', 'null', 'file://', 'https://example.com', 'winnow-media://photo']) expect(isAllowedMediaInitiator(origin), origin).toBe(false);
  });
});
