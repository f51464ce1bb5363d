import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryService } from '../../electron/core/library-service.js';
import { exportPicks } from '../../electron/core/culling/export-picks.js';
import { executeMove, planRejectMove, revertMove } from '../../electron/core/culling/move-rejects.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { pairedRaws, rawPartnerOf } from '../../electron/core/scan/raw-pairs.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';
import { rawWithPreview } from '../helpers/raw-samples.js';

const ls = (dir: string) => fs.readdirSync(dir).sort();

describe('RAW+JPEG pairs', () => {
  it('pairs a RAW with the JPEG of the same stem in the same folder only', () => {
    expect(rawPartnerOf('IMG_1.JPG', ['IMG_1.JPG', 'img_1.cr2', 'IMG_2.CR2'])).toBe('img_1.cr2');
    expect(rawPartnerOf('IMG_1.png', ['IMG_1.png', 'IMG_1.CR2'])).toBeNull();
    expect([...pairedRaws(['/a/IMG_1.JPG', '/a/IMG_1.NEF', '/b/IMG_1.NEF', '/a/IMG_2.NEF'])]).toEqual(['/a/IMG_1.NEF']);
  });

  it('are one photo, scored from the JPEG; decisions go to both sidecars; exports, moves, undo and trash take both files', async () => {
    const work = tempDir('winnow-pairs-');
    const lib = path.join(work, 'photos');
    fs.mkdirSync(lib);
    const [a, b] = realPhotos(2);
    fs.copyFileSync(a!, path.join(lib, 'IMG_1.JPG'));
    await rawWithPreview('exiftool_CanonRaw.cr2', 'PreviewImage', path.join(lib, 'IMG_1.CR2'));
    await rawWithPreview('exiftool_CanonRaw.cr2', 'PreviewImage', path.join(lib, 'IMG_2.CR2'));
    fs.copyFileSync(b!, path.join(lib, 'IMG_3.jpg'));
    // A pair rated in Lightroom: the decision is in the RAW's sidecar, named by the stem.
    fs.copyFileSync(b!, path.join(lib, 'IMG_4.JPG'));
    await rawWithPreview('exiftool_CanonRaw.cr2', 'PreviewImage', path.join(lib, 'IMG_4.CR2'));
    fs.writeFileSync(
      path.join(lib, 'IMG_4.xmp'),
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="2" xmp:Label="Yellow"/></rdf:RDF></x:xmpmeta>',
    );
    const db = path.join(work, 'db', 'library.db');

    const report = await scanWithFixture(lib, db);
    expect([report.found, report.scored, report.skipped]).toEqual([4, 4, []]);
    const store = LibraryStore.open(db);
    const trashed: string[] = [];
    const lightroom = store.db.prepare("SELECT rating, color_label FROM photos WHERE name = 'IMG_4.JPG'").get();
    expect(lightroom).toEqual({ rating: 2, color_label: 'Yellow' });
    store.db.prepare("DELETE FROM photos WHERE name = 'IMG_4.JPG'").run();
    for (const f of ['IMG_4.JPG', 'IMG_4.CR2', 'IMG_4.xmp']) fs.rmSync(path.join(lib, f));
    const service = new LibraryService(store, {
      trashItem: async (f) => {
        trashed.push(path.basename(f));
        fs.rmSync(f);
      },
    });
    try {
      const names = store.db.prepare('SELECT id, name, format FROM photos ORDER BY name').all() as { id: number; name: string; format: string }[];
      expect(names.map((n) => [n.name, n.format])).toEqual([
        ['IMG_1.JPG', 'jpeg'],
        ['IMG_2.CR2', 'raw'],
        ['IMG_3.jpg', 'jpeg'],
      ]);
      expect((await service.libraryCounts()).photos).toBe(3);
      const pair = names[0]!.id;

      await service.decide([pair], { rating: 3, pick: 1 });
      // The JPEG's sidecar by full name (the stem is shared), the RAW's as Lightroom names it.
      for (const sidecar of ['IMG_1.JPG.xmp', 'IMG_1.xmp']) expect(fs.readFileSync(path.join(lib, sidecar), 'utf8'), sidecar).toMatch(/Rating(="|>)3/);
      expect(fs.existsSync(path.join(lib, 'IMG_1.CR2.xmp'))).toBe(false);

      const exported = path.join(work, 'export');
      const out = await exportPicks(store, exported);
      expect(out.problems).toEqual([]);
      expect(ls(exported)).toEqual(['IMG_1.CR2', 'IMG_1.JPG', 'IMG_1.JPG.xmp', 'IMG_1.xmp']);

      await service.decide([pair], { pick: -1 });
      const rejects = path.join(work, 'rejects');
      const plan = await planRejectMove(store, rejects);
      const moved = await executeMove(store, plan);
      expect(moved.problems).toEqual([]);
      expect(ls(rejects)).toEqual(['IMG_1.CR2', 'IMG_1.JPG', 'IMG_1.JPG.xmp', 'IMG_1.xmp']);
      expect(ls(lib)).toEqual(['IMG_2.CR2', 'IMG_3.jpg']);
      await revertMove(store, moved.actionId!, 'undo');
      expect(ls(lib)).toEqual(['IMG_1.CR2', 'IMG_1.JPG', 'IMG_1.JPG.xmp', 'IMG_1.xmp', 'IMG_2.CR2', 'IMG_3.jpg']);

      const trash = await service.trashRejects();
      expect([trash.trashed, trash.problems]).toEqual([1, []]);
      expect(trashed.sort()).toEqual(['IMG_1.CR2', 'IMG_1.JPG', 'IMG_1.JPG.xmp', 'IMG_1.xmp']);
      expect(ls(lib)).toEqual(['IMG_2.CR2', 'IMG_3.jpg']);
    } finally {
      store.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
