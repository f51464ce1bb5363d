import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, parseMediaPath, resolveMedia, type MediaResolution } from '../../electron/core/media/media-resolver.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';

/**
 * A real library (CLIVE photos scanned with the fixture model), then attacked: links out of the
 * root, tampered database rows, tampered cache entries. Only files really inside the photo's own
 * root or the caches may come out.
 */

let work: string;
let root: string;
let outside: string;
let thumbnailsDir: string;
let store: LibraryStore;
const ids = new Map<string, number>();

function idOf(relPath: string): number {
  const id = ids.get(relPath);
  if (id === undefined) throw new Error(`no photo ${relPath} in the test library (have ${[...ids.keys()].join(', ')})`);
  return id;
}

function refused(result: MediaResolution): number {
  expect(result.ok).toBe(false);
  return result.ok ? 200 : result.status;
}

/** Runs `fn` with one column of one photo row replaced, restoring it afterwards. */
async function withTamperedPhoto(id: number, column: 'path' | 'fingerprint', value: string, fn: () => Promise<void>): Promise<void> {
  const before = store.db.prepare(`SELECT ${column} AS v FROM photos WHERE id = ?`).get(id) as { v: string };
  store.db.prepare(`UPDATE photos SET ${column} = ? WHERE id = ?`).run(value, id);
  try {
    await fn();
  } finally {
    store.db.prepare(`UPDATE photos SET ${column} = ? WHERE id = ?`).run(before.v, id);
  }
}

beforeAll(async () => {
  work = tempDir('winnow-media-');
  root = path.join(work, 'library');
  outside = path.join(work, 'outside');
  fs.mkdirSync(path.join(root, 'trip'), { recursive: true });
  fs.mkdirSync(outside);
  const [a, b, c] = realPhotos(3);
  fs.copyFileSync(a!, path.join(root, 'a.jpg'));
  fs.copyFileSync(b!, path.join(root, 'trip', 'b.jpg'));
  fs.copyFileSync(c!, path.join(outside, 'secret.jpg'));
  // Scanned as ordinary files, then swapped for links that lead out of the root: the walker would
  // not follow such links, so this is how they reach the resolver, which must refuse them too.
  fs.copyFileSync(c!, path.join(root, 'escape.jpg'));
  fs.mkdirSync(path.join(root, 'linked-folder'));
  fs.copyFileSync(c!, path.join(root, 'linked-folder', 'secret.jpg'));
  const dbPath = path.join(work, 'data', 'library.db');
  await scanWithFixture(root, dbPath);
  fs.rmSync(path.join(root, 'escape.jpg'));
  fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(root, 'escape.jpg'));
  fs.rmSync(path.join(root, 'linked-folder'), { recursive: true });
  fs.symlinkSync(outside, path.join(root, 'linked-folder'), 'dir');
  thumbnailsDir = path.join(work, 'data', 'thumbnails');
  store = LibraryStore.open(dbPath);
  const rows = store.db.prepare('SELECT id, path FROM photos').all() as { id: number; path: string }[];
  for (const row of rows) ids.set(path.relative(root, row.path).split(path.sep).join('/'), row.id);
});

afterAll(() => {
  store?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('parseMediaPath', () => {
  it('accepts exactly "<positive id>/<kind>"', () => {
    expect(parseMediaPath('1/thumbnail')).toEqual({ photoId: 1, kind: 'thumbnail' });
    expect(parseMediaPath('42/preview')).toEqual({ photoId: 42, kind: 'preview' });
    expect(parseMediaPath('999999999999999/original')).toEqual({ photoId: 999999999999999, kind: 'original' });
  });

  it.each([
    ['parent segments', '../1/original'],
    ['a parent inside', '1/../2/original'],
    ['a bare parent', '..'],
    ['encoded dots and slash', '%2e%2e%2f1/original'],
    ['encoded slash', '1%2Foriginal'],
    ['encoded backslash', '1%5Coriginal'],
    ['a backslash', '1\\original'],
    ['a null byte', '1/original\0'],
    ['an encoded null byte', '1/original%00'],
    ['an absolute path', '/etc/passwd'],
    ['a Windows path', 'C:\\Windows\\win.ini'],
    ['a trailing slash', '1/original/'],
    ['an extra segment', '1/original/x'],
    ['a query', '1/original?x=1'],
    ['id zero', '0/original'],
    ['leading zeros', '007/original'],
    ['a negative id', '-1/original'],
    ['an exponent', '1e3/original'],
    ['hex', '0x10/original'],
    ['an overlong id', '1234567890123456/original'],
    ['a huge id', `${'9'.repeat(400)}/original`],
    ['non-ASCII digits', '\u0661/original'],
    ['leading space', ' 1/original'],
    ['an unknown kind', '1/raw'],
    ['an upper-case kind', '1/ORIGINAL'],
    ['empty', ''],
  ])('refuses %s', (_name, input) => {
    expect(parseMediaPath(input)).toBeNull();
  });
});

describe('isInside', () => {
  it('compares whole segments', () => {
    expect(isInside('/lib', '/lib')).toBe(true);
    expect(isInside('/lib', '/lib/a/b.jpg')).toBe(true);
    expect(isInside('/lib', '/lib/..hidden.jpg')).toBe(true);
    expect(isInside('/lib', '/lib2/a.jpg')).toBe(false);
    expect(isInside('/lib', '/')).toBe(false);
    expect(isInside('/lib', '/etc/passwd')).toBe(false);
  });
});

describe('resolveMedia on a real library', () => {
  it('serves a photo and its thumbnail and preview from where they really are', async () => {
    const original = await resolveMedia(store, { photoId: idOf('trip/b.jpg'), kind: 'original' }, thumbnailsDir);
    expect(original).toMatchObject({ ok: true, file: fs.realpathSync(path.join(root, 'trip', 'b.jpg')), contentType: 'image/jpeg' });
    expect(original.ok && original.size).toBe(fs.statSync(path.join(root, 'trip', 'b.jpg')).size);

    const thumbnail = await resolveMedia(store, { photoId: idOf('a.jpg'), kind: 'thumbnail' }, thumbnailsDir);
    expect(thumbnail).toMatchObject({ ok: true, contentType: 'image/webp' });
    expect(thumbnail.ok && isInside(fs.realpathSync(thumbnailsDir), thumbnail.file)).toBe(true);
    expect(thumbnail.ok && (await sharp(thumbnail.file).metadata()).format).toBe('webp');

    const preview = await resolveMedia(store, { photoId: idOf('a.jpg'), kind: 'preview' }, thumbnailsDir);
    expect(preview).toMatchObject({ ok: true, contentType: 'image/jpeg' });
    expect(preview.ok && isInside(fs.realpathSync(path.join(work, 'data', 'previews')), preview.file)).toBe(true);
    expect(preview.ok && (await sharp(preview.file).metadata()).format).toBe('jpeg');
  });

  it('refuses a symlinked file that points out of the root', async () => {
    expect(refused(await resolveMedia(store, { photoId: idOf('escape.jpg'), kind: 'original' }, thumbnailsDir))).toBe(403);
    expect(refused(await resolveMedia(store, { photoId: idOf('escape.jpg'), kind: 'preview' }, thumbnailsDir))).toBe(403);
  });

  it('refuses a file reached through a symlinked folder that points out of the root', async () => {
    expect(refused(await resolveMedia(store, { photoId: idOf('linked-folder/secret.jpg'), kind: 'original' }, thumbnailsDir))).toBe(403);
  });

  it('refuses database paths that leave the root, however they are spelled', async () => {
    const id = idOf('a.jpg');
    const attempts = [
      path.join(outside, 'secret.jpg'),
      `${root}/../outside/secret.jpg`,
      `${root}/trip/../../outside/secret.jpg`,
      '/etc/passwd',
    ];
    for (const attempt of attempts) {
      await withTamperedPhoto(id, 'path', attempt, async () => {
        expect(refused(await resolveMedia(store, { photoId: id, kind: 'original' }, thumbnailsDir)), attempt).toBe(403);
      });
    }
  });

  it('refuses relative and NUL-carrying database paths', async () => {
    const id = idOf('a.jpg');
    for (const attempt of ['a.jpg', '../outside/secret.jpg', `${root}/a.jpg\0.png`]) {
      await withTamperedPhoto(id, 'path', attempt, async () => {
        expect(refused(await resolveMedia(store, { photoId: id, kind: 'original' }, thumbnailsDir)), attempt).toBe(403);
      });
    }
  });

  it('refuses a folder inside the root', async () => {
    const id = idOf('a.jpg');
    await withTamperedPhoto(id, 'path', path.join(root, 'trip'), async () => {
      expect(refused(await resolveMedia(store, { photoId: id, kind: 'original' }, thumbnailsDir))).toBe(403);
    });
  });

  it('never turns a tampered fingerprint into a cache path', async () => {
    const id = idOf('a.jpg');
    for (const attempt of ['../../outside/secret', '..%2f..%2fsecret', 'ABCDEF0123456789/x', `${'a'.repeat(16)}\0`]) {
      await withTamperedPhoto(id, 'fingerprint', attempt, async () => {
        expect(refused(await resolveMedia(store, { photoId: id, kind: 'thumbnail' }, thumbnailsDir)), attempt).toBe(403);
        expect(refused(await resolveMedia(store, { photoId: id, kind: 'preview' }, thumbnailsDir)), attempt).toBe(403);
      });
    }
  });

  it('refuses a thumbnail replaced by a link out of the cache', async () => {
    const id = idOf('trip/b.jpg');
    const before = await resolveMedia(store, { photoId: id, kind: 'thumbnail' }, thumbnailsDir);
    if (!before.ok) throw new Error('expected a thumbnail');
    const saved = `${before.file}.saved`;
    fs.renameSync(before.file, saved);
    fs.symlinkSync(path.join(outside, 'secret.jpg'), before.file);
    try {
      expect(refused(await resolveMedia(store, { photoId: id, kind: 'thumbnail' }, thumbnailsDir))).toBe(403);
    } finally {
      fs.rmSync(before.file);
      fs.renameSync(saved, before.file);
    }
  });

  it('answers 404 for unknown ids, missing photos and files gone from disk', async () => {
    expect(refused(await resolveMedia(store, { photoId: 999_999, kind: 'original' }, thumbnailsDir))).toBe(404);
    const id = idOf('a.jpg');
    store.db.prepare('UPDATE photos SET missing = 1 WHERE id = ?').run(id);
    try {
      expect(refused(await resolveMedia(store, { photoId: id, kind: 'original' }, thumbnailsDir))).toBe(404);
    } finally {
      store.db.prepare('UPDATE photos SET missing = 0 WHERE id = ?').run(id);
    }
    await withTamperedPhoto(id, 'path', path.join(root, 'vanished.jpg'), async () => {
      expect(refused(await resolveMedia(store, { photoId: id, kind: 'original' }, thumbnailsDir))).toBe(404);
    });
  });

  it('answers 400 for requests that did not come through the parser', async () => {
    for (const photoId of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
      expect(refused(await resolveMedia(store, { photoId, kind: 'original' }, thumbnailsDir))).toBe(400);
    }
    expect(refused(await resolveMedia(store, { photoId: 1, kind: '../x' as never }, thumbnailsDir))).toBe(400);
  });
});
