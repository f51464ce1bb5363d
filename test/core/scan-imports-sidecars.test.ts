import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { scanWithFixture } from '../helpers/library.js';
import { SAMPLES, tempDir } from '../helpers/paths.js';

describe('a scan brings in decisions made in other tools', () => {
  it('reads a darktable sidecar for a new photo, and leaves Winnow decisions alone on rescans', async () => {
    const lib = tempDir('winnow-sidecar-lib-');
    fs.copyFileSync(path.join(SAMPLES, 'metadata', 'aurora.jpg'), path.join(lib, 'aurora.jpg'));
    fs.copyFileSync(path.join(SAMPLES, 'xmp', 'darktable-aurora.jpg.xmp'), path.join(lib, 'aurora.jpg.xmp'));
    fs.chmodSync(path.join(lib, 'aurora.jpg.xmp'), 0o644);
    fs.writeFileSync(path.join(lib, 'broken.jpg.xmp'), '<x:xmpmeta><rdf:RDF');
    fs.copyFileSync(path.join(SAMPLES, 'metadata', 'aurora.jpg'), path.join(lib, 'broken.jpg'));
    const db = path.join(tempDir(), 'library.db');

    const first = await scanWithFixture(lib, db);
    expect(first.scored).toBe(2);
    const store = LibraryStore.open(db);
    const rating = () => (store.db.prepare("SELECT rating FROM photos WHERE name = 'aurora.jpg'").get() as { rating: number }).rating;
    expect(rating()).toBe(1);
    const warnings = store.photoErrors().filter((e) => e.stage === 'sidecar');
    expect(warnings.map((w) => path.basename(w.path))).toEqual(['broken.jpg']);

    store.db.prepare("UPDATE photos SET rating = 4 WHERE name = 'aurora.jpg'").run();
    await scanWithFixture(lib, db);
    expect(rating()).toBe(4);
    store.close();
  });
});
