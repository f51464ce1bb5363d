import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { LibraryQueries } from '../../electron/core/store/library-queries.js';
import { writeBadInputs, type BadInputCase } from '../helpers/bad-inputs.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';

describe('scanning a folder of bad input', () => {
  const dir = tempDir();
  const lib = path.join(dir, 'photos');
  const db = path.join(dir, 'data', 'library.db');
  let cases: BadInputCase[];
  let goodNames: string[];

  beforeAll(async () => {
    fs.mkdirSync(path.join(lib, 'nested'), { recursive: true });
    const photos = realPhotos(3);
    goodNames = photos.map((p, i) => (i === 2 ? `nested/${path.basename(p)}` : path.basename(p)));
    photos.forEach((p, i) => fs.copyFileSync(p, path.join(lib, goodNames[i]!)));
    cases = await writeBadInputs(lib, photos[0]!);
    // A name that is not UTF-8, and a folder link back to the root.
    fs.writeFileSync(Buffer.from(path.join(lib, 'caf\xe9-latin1.jpg'), 'latin1'), fs.readFileSync(photos[1]!));
    fs.symlinkSync('..', path.join(lib, 'nested', 'loop'));
  });

  it('scores every good file, records a clear error for every bad one, and exits cleanly', async () => {
    const report = await scanWithFixture(lib, db);
    const store = LibraryStore.open(db);
    try {
      const rows = new LibraryQueries(store.db).listRows({ sort: 'name', order: 'asc', modelId: store.latestModelId() });
      const byName = new Map(rows.map((r) => [r.path.slice(lib.length + 1), r]));
      for (const name of goodNames) expect(byName.get(name)?.quality, name).toBeTypeOf('number');
      const errors = store.photoErrors();
      for (const c of cases) {
        const row = byName.get(c.name);
        expect(row, c.name).toBeDefined();
        const own = errors.filter((e) => e.path.endsWith(`/${c.name}`));
        if (c.expect.scored) {
          expect(row!.quality, `${c.name} should be scored`).toBeTypeOf('number');
          if (c.expect.warning) expect(own.map((e) => e.message).join(' '), c.name).toMatch(c.expect.warning);
        } else {
          expect(row!.quality, `${c.name} must not be scored`).toBeNull();
          expect(own.map((e) => e.message).join(' '), c.name).toMatch(c.expect.message);
        }
      }
      const scanProblems = store.scanErrors();
      expect(scanProblems.find((p) => p.code === 'NAME_NOT_UTF8')?.path).toContain('caf\\xe9-latin1.jpg');
      expect(scanProblems.find((p) => p.code === 'LINK_LOOP')?.path).toContain('loop');

      const failing = cases.filter((c) => !c.expect.scored).length;
      expect(report.failed).toBe(failing);
      expect(report.scored).toBe(goodNames.length + cases.length - failing);
      expect(report.cancelled).toBe(false);
    } finally {
      store.close();
    }
  });

  it('rescans without re-reading unchanged files or duplicating rows', async () => {
    const store = LibraryStore.open(db);
    const before = (store.db.prepare('SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n;
    const scoresBefore = store.db.prepare('SELECT photo_id, scored_at FROM scores ORDER BY photo_id').all();
    store.close();

    const report = await scanWithFixture(lib, db);
    expect(report.analysed).toBe(0);
    expect(report.unchanged).toBe(report.found);

    const after = LibraryStore.open(db);
    try {
      expect((after.db.prepare('SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n).toBe(before);
      expect(after.db.prepare('SELECT photo_id, scored_at FROM scores ORDER BY photo_id').all()).toEqual(scoresBefore);
    } finally {
      after.close();
    }
  });
});
