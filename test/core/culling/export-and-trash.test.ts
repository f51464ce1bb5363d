import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportPicks, type ExportProgress } from '../../../electron/core/culling/export-picks.js';
import { trashRejects } from '../../../electron/core/culling/trash-rejects.js';
import { DecisionService } from '../../../electron/core/decisions/decision-service.js';
import { fixtureLibrary, type FixtureLibrary } from '../decisions/library-fixture.js';

let lib: FixtureLibrary;
afterEach(() => lib?.store.close());

describe('exportPicks', () => {
  it('copies picks with their sidecars, reporting progress, and leaves the library alone', async () => {
    lib = fixtureLibrary(['a/1.jpg', 'b/1.jpg', '2.jpg']);
    const decisions = new DecisionService(lib.store.db);
    await decisions.decide([lib.ids[0]!, lib.ids[1]!], { pick: 1, rating: 5 });
    const target = path.join(lib.dir, 'export');
    const progress: ExportProgress[] = [];
    const report = await exportPicks(lib.store, target, { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ copied: 2, sidecars: 2, problems: [] });
    expect(fs.readdirSync(target, { recursive: true }).map(String).sort()).toEqual(
      ['a', 'a/1.jpg', 'a/1.jpg.xmp', 'b', 'b/1.jpg', 'b/1.jpg.xmp'].map((p) => path.normalize(p)),
    );
    expect(fs.readFileSync(path.join(target, 'a', '1.jpg'), 'utf8')).toBe('photo bytes of a/1.jpg');
    expect(progress[progress.length - 1]).toMatchObject({ done: 2, total: 2, bytesDone: report.bytes, bytesTotal: report.bytes });
    expect(fs.existsSync(lib.paths[0]!)).toBe(true);
    // Exporting again finds its own whole copies and adds no duplicates.
    const again = await exportPicks(lib.store, target);
    expect(again).toMatchObject({ copied: 2, problems: [] });
    expect(fs.readdirSync(target, { recursive: true }).length).toBe(6);
    // Another file under a wanted name is never replaced: the copy gets a new name.
    fs.writeFileSync(path.join(target, 'b', '1.jpg'), 'someone else');
    await exportPicks(lib.store, target);
    expect(fs.readFileSync(path.join(target, 'b', '1.jpg'), 'utf8')).toBe('someone else');
    expect(fs.existsSync(path.join(target, 'b', '1 (2).jpg.xmp'))).toBe(true);
  });
});

describe('trashRejects', () => {
  it('trashes rejects and sidecars through the injected function and keeps the rows', async () => {
    lib = fixtureLibrary(['1.jpg', '2.jpg']);
    const decisions = new DecisionService(lib.store.db);
    await decisions.decide([lib.ids[0]!], { pick: -1, rating: 1 });
    const trash = path.join(lib.dir, 'fake-trash');
    fs.mkdirSync(trash);
    const trashed: string[] = [];
    const report = await trashRejects(lib.store, async (file) => {
      trashed.push(file);
      fs.renameSync(file, path.join(trash, path.basename(file)));
    });
    expect(report).toEqual({ trashed: 1, problems: [] });
    expect(trashed).toEqual([lib.paths[0], `${lib.paths[0]}.xmp`]);
    expect(fs.readdirSync(trash).sort()).toEqual(['1.jpg', '1.jpg.xmp']);
    expect(lib.store.db.prepare('SELECT missing, pick, rating FROM photos WHERE id = ?').get(lib.ids[0])).toEqual({ missing: 1, pick: -1, rating: 1 });
  });
});
