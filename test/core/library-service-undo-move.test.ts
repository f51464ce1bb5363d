import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeMove, planRejectMove } from '../../electron/core/culling/move-rejects.js';
import { LibraryService } from '../../electron/core/library-service.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';
import { sha256File } from '../helpers/stress.js';

describe('rejects to the trash', () => {
  it('sends rejected photos and their sidecars to the trash function the host provides, keeping their rows', async () => {
    const work = tempDir('winnow-trash-');
    const lib = path.join(work, 'photos');
    const trash = path.join(work, 'trash');
    fs.mkdirSync(lib);
    fs.mkdirSync(trash);
    for (const p of realPhotos(3)) fs.copyFileSync(p, path.join(lib, path.basename(p)));
    const db = path.join(work, 'library.db');
    await scanWithFixture(lib, db);
    const store = LibraryStore.open(db);
    try {
      // Stands in for the operating system's trash, which only the desktop app can reach.
      const trashItem = async (file: string) => fs.renameSync(file, path.join(trash, path.basename(file)));
      const service = new LibraryService(store, { trashItem });
      const victim = store.db.prepare('SELECT id, path FROM photos ORDER BY id LIMIT 1').get() as { id: number; path: string };
      const hash = sha256File(victim.path);
      await service.decide([victim.id], { pick: -1 });
      const result = await service.trashRejects();
      expect(result).toEqual({ trashed: 1, problems: [] });
      expect(fs.readdirSync(trash).sort()).toEqual([path.basename(victim.path), `${path.basename(victim.path)}.xmp`].sort());
      expect(sha256File(path.join(trash, path.basename(victim.path)))).toBe(hash);
      expect(store.db.prepare('SELECT missing, pick FROM photos WHERE id = ?').get(victim.id)).toEqual({ missing: 1, pick: -1 });

      await expect(new LibraryService(store).trashRejects()).rejects.toMatchObject({ code: 'TRASH_UNAVAILABLE' });
    } finally {
      store.close();
    }
  });
});

describe('the UI undo stack covers file moves too', () => {
  it('puts moved rejects back with one undo, and moves them again with redo', async () => {
    const work = tempDir('winnow-undo-move-');
    const lib = path.join(work, 'photos');
    fs.mkdirSync(lib);
    for (const p of realPhotos(3)) fs.copyFileSync(p, path.join(lib, path.basename(p)));
    const db = path.join(work, 'library.db');
    await scanWithFixture(lib, db);
    const store = LibraryStore.open(db);
    try {
      const service = new LibraryService(store, { writeSidecars: true });
      const victim = (store.db.prepare('SELECT id, path FROM photos ORDER BY id LIMIT 1').get() as { id: number; path: string });
      const hash = sha256File(victim.path);
      await service.decide([victim.id], { pick: -1 });

      const target = path.join(work, 'rejects');
      const report = await executeMove(store, await planRejectMove(store, target));
      expect(report.moved).toBe(1);
      expect(fs.existsSync(victim.path)).toBe(false);

      const undone = await service.undo();
      expect(undone.label).toMatch(/^undo move/);
      expect(sha256File(victim.path)).toBe(hash);
      expect(fs.existsSync(`${victim.path}.xmp`)).toBe(true);
      expect((store.db.prepare('SELECT path, pick FROM photos WHERE id = ?').get(victim.id) as { path: string; pick: number })).toEqual({ path: victim.path, pick: -1 });

      const redone = await service.redo();
      expect(redone.label).toMatch(/^redo move/);
      expect(fs.existsSync(victim.path)).toBe(false);
      // The reject itself is the action before the move: one more undo after putting it back clears it.
      await service.undo();
      const last = await service.undo();
      expect(last.changed).toEqual([{ photoId: victim.id, rating: 0, pick: 0, colorLabel: null }]);
    } finally {
      store.close();
    }
  });
});
