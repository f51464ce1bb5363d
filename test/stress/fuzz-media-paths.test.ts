import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isInside, parseMediaPath, resolveMedia } from '../../electron/core/media/media-resolver.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';
import { iterations, recordStress } from '../helpers/stress.js';

/** Path-like strings an attacker would try: separators, dots, encodings, NULs, digits. */
const hostileSegment = fc.oneof(
  fc.constantFrom('..', '.', '', '%2e%2e', '%2f', '%5c', '..%2f', '\\', '/', '\0', '~', 'thumbnail', 'original', 'preview', '1', '007', '9'.repeat(20), '-1', '1e3', '0x10', ' 1'),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[0-9./\\%a-z]{0,16}$/),
);
const hostilePath = fc.tuple(fc.array(hostileSegment, { maxLength: 6 }), fc.constantFrom('/', '\\', '//', '%2F')).map(([parts, sep]) => parts.join(sep));

describe('fuzz: the media path check never leaves the library', () => {
  const dir = tempDir();
  const lib = path.join(dir, 'photos');
  const outside = path.join(dir, 'secret');
  const db = path.join(dir, 'data', 'library.db');
  let store: LibraryStore;
  let photoIds: number[];

  beforeAll(async () => {
    fs.mkdirSync(lib, { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    for (const p of realPhotos(3)) fs.copyFileSync(p, path.join(lib, path.basename(p)));
    fs.copyFileSync(realPhotos(4)[3]!, path.join(outside, 'private.jpg'));
    // Scanned as a normal photo, then swapped for a link to a private file outside the library.
    fs.copyFileSync(realPhotos(4)[3]!, path.join(lib, 'sneaky.jpg'));
    await scanWithFixture(lib, db);
    fs.rmSync(path.join(lib, 'sneaky.jpg'));
    fs.symlinkSync(path.join(outside, 'private.jpg'), path.join(lib, 'sneaky.jpg'));
    store = LibraryStore.open(db);
    photoIds = (store.db.prepare('SELECT id FROM photos').all() as { id: number }[]).map((r) => r.id);
  });

  it('parses only canonical "<id>/<kind>" requests, whatever else arrives', () => {
    const runs = iterations(5_000, 100_000);
    fc.assert(
      fc.property(fc.oneof(hostilePath, fc.string({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 32 })), (input) => {
        const parsed = parseMediaPath(input);
        if (parsed !== null) {
          expect(input).toBe(`${parsed.photoId}/${parsed.kind}`);
          expect(Number.isSafeInteger(parsed.photoId) && parsed.photoId > 0).toBe(true);
        }
      }),
      { numRuns: runs },
    );
    recordStress('fuzz media path parsing', { cases: runs, escapes: 0 });
  });

  it('resolves any id and kind only to files under a root or the thumbnail cache', async () => {
    const runs = iterations(300, 5_000);
    const roots = [fs.realpathSync(lib)];
    const thumbs = fs.realpathSync(path.join(path.dirname(db), 'thumbnails'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...photoIds), fc.integer({ min: -5, max: 10_000 })), fc.constantFrom('thumbnail', 'original', 'preview'), async (photoId, kind) => {
        const parsed = parseMediaPath(`${photoId}/${kind}`);
        if (!parsed) return;
        const r = await resolveMedia(store, parsed, path.join(path.dirname(db), 'thumbnails'));
        if (r.ok) {
          const real = fs.realpathSync(r.file);
          expect([...roots, thumbs, path.join(thumbs, '..')].some((base) => isInside(base, real)), real).toBe(true);
          expect(real.startsWith(fs.realpathSync(outside))).toBe(false);
        }
      }),
      { numRuns: runs },
    );
    // The one request that would leak if links were trusted: a link in the root to a file outside.
    const sneaky = store.db.prepare("SELECT id FROM photos WHERE name = 'sneaky.jpg'").get() as { id: number };
    expect((await resolveMedia(store, { photoId: sneaky.id, kind: 'original' }, path.join(path.dirname(db), 'thumbnails'))).ok).toBe(false);
    recordStress('fuzz media resolution', { cases: runs, escapes: 0 });
  });
});
