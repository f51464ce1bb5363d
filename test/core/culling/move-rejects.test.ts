import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { executeMove, planRejectMove } from '../../../electron/core/culling/move-rejects.js';
import { redoNext, undoLast } from '../../../electron/core/culling/undo-redo.js';
import { DecisionService } from '../../../electron/core/decisions/decision-service.js';
import { fixtureLibrary, type FixtureLibrary } from '../decisions/library-fixture.js';
import { copySample } from '../xmp/xmp-fixtures.js';

/** Every file under dir, by relative path, with its SHA-256: "nothing lost" means this is equal. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return out;
}

function rows(lib: FixtureLibrary) {
  return lib.store.db.prepare('SELECT id, path, root_id, rel_path, rating, pick, missing FROM photos ORDER BY id').all();
}

let lib: FixtureLibrary;
afterEach(() => lib?.store.close());

describe('moving rejects', () => {
  it('moves rejects with their sidecars, and undo puts back every byte', async () => {
    lib = fixtureLibrary(['a/1.jpg', 'a/2.jpg', 'b/1.jpg', 'raw/IMG_5.CR2', 'keep.jpg']);
    // Foreign sidecars in both naming forms: darktable's beside a JPEG, Lightroom's beside a raw.
    copySample('darktable-aurora.jpg.xmp', path.join(lib.photosDir, 'a'), '1.jpg.xmp');
    copySample('canon_eos_6d.xmp', path.join(lib.photosDir, 'raw'), 'IMG_5.xmp');
    const decisions = new DecisionService(lib.store.db);
    const rejected = [lib.ids[0]!, lib.ids[2]!, lib.ids[3]!];
    expect((await decisions.decide(rejected, { pick: -1, rating: 2 })).sidecars).toEqual({ written: 3, problems: [] });
    await decisions.decide([lib.ids[4]!], { pick: 1 });
    const before = snapshot(lib.photosDir);
    const rowsBefore = rows(lib);

    const target = path.join(lib.dir, 'rejects');
    const plan = await planRejectMove(lib.store, target);
    expect(plan.moves.map((m) => path.relative(target, m.to.path)).sort()).toEqual(['a/1.jpg', 'b/1.jpg', 'raw/IMG_5.CR2'].map((p) => path.normalize(p)));
    expect(plan.moves.find((m) => m.photoId === lib.ids[3])!.sidecars).toEqual([[path.join(lib.photosDir, 'raw', 'IMG_5.xmp'), path.join(target, 'raw', 'IMG_5.xmp')]]);

    const progress: number[] = [];
    const report = await executeMove(lib.store, plan, (done) => progress.push(done));
    expect(report).toMatchObject({ moved: 3, problems: [] });
    expect(progress[progress.length - 1]).toBe(3);
    expect(Object.keys(snapshot(target)).sort()).toEqual(['a/1.jpg', 'a/1.jpg.xmp', 'b/1.jpg', 'b/1.jpg.xmp', 'raw/IMG_5.CR2', 'raw/IMG_5.xmp'].map((p) => path.normalize(p)));
    expect(Object.keys(snapshot(lib.photosDir)).sort()).toEqual(['a/2.jpg', 'keep.jpg', 'keep.jpg.xmp'].map((p) => path.normalize(p)));
    // The library follows the files: same rows, same decisions, new paths under a root of their own.
    const moved = lib.store.db.prepare('SELECT path, pick, rating, missing FROM photos WHERE id = ?').get(lib.ids[0]) as { path: string; pick: number; rating: number; missing: number };
    expect(moved).toEqual({ path: path.join(target, 'a', '1.jpg'), pick: -1, rating: 2, missing: 0 });
    // A rescan of the old root does not lose them.
    const oldRoot = lib.store.rootByPath(lib.photosDir)!;
    expect(lib.store.markMissing(oldRoot.id, new Set([lib.paths[1]!, lib.paths[4]!]))).toBe(0);

    const undo = await undoLast(lib.store, decisions);
    expect(undo.action?.kind).toBe('move');
    expect(undo).toMatchObject({ photos: 3, problems: [] });
    expect(snapshot(lib.photosDir)).toEqual(before);
    expect(snapshot(target)).toEqual({});
    expect(rows(lib)).toEqual(rowsBefore);

    const redo = await redoNext(lib.store, decisions);
    expect(redo).toMatchObject({ photos: 3, problems: [] });
    expect(Object.keys(snapshot(target))).toHaveLength(6);
    await undoLast(lib.store, decisions);
    expect(snapshot(lib.photosDir)).toEqual(before);
  });

  it('never replaces a file already in the target folder', async () => {
    lib = fixtureLibrary(['1.jpg']);
    const decisions = new DecisionService(lib.store.db, { writeSidecars: false });
    await decisions.decide(lib.ids, { pick: -1 });
    const target = path.join(lib.dir, 'rejects');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, '1.jpg'), 'someone else');
    const plan = await planRejectMove(lib.store, target);
    expect(plan.moves[0]!.to.path).toBe(path.join(target, '1 (2).jpg'));
    await executeMove(lib.store, plan);
    expect(fs.readFileSync(path.join(target, '1.jpg'), 'utf8')).toBe('someone else');
    expect(fs.readFileSync(path.join(target, '1 (2).jpg'), 'utf8')).toBe('photo bytes of 1.jpg');
  });

  it('leaves a photo whose old place is taken where it is, and reports it', async () => {
    lib = fixtureLibrary(['1.jpg', '2.jpg']);
    const decisions = new DecisionService(lib.store.db, { writeSidecars: false });
    await decisions.decide(lib.ids, { pick: -1 });
    const target = path.join(lib.dir, 'rejects');
    await executeMove(lib.store, await planRejectMove(lib.store, target));
    fs.writeFileSync(lib.paths[0]!, 'a new file with the old name');
    const undo = await undoLast(lib.store, decisions);
    expect(undo.photos).toBe(1);
    expect(undo.problems).toMatchObject([{ path: path.join(target, '1.jpg') }]);
    expect(fs.readFileSync(path.join(target, '1.jpg'), 'utf8')).toBe('photo bytes of 1.jpg');
    expect(fs.readFileSync(lib.paths[0]!, 'utf8')).toBe('a new file with the old name');
    // The move stays undoable: once the clash is cleared, undo finishes the rest.
    fs.renameSync(lib.paths[0]!, path.join(lib.dir, 'elsewhere.jpg'));
    expect(await undoLast(lib.store, decisions)).toMatchObject({ photos: 2, problems: [] });
    expect(fs.readFileSync(lib.paths[0]!, 'utf8')).toBe('photo bytes of 1.jpg');
  });
});
