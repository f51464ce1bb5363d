import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { burstsCommand } from '../../electron/cli/bursts-command.js';
import { cullCommand } from '../../electron/cli/cull-command.js';
import { exportCommand } from '../../electron/cli/export-command.js';
import type { CommandIo } from '../../electron/cli/library-command.js';
import { rateCommand } from '../../electron/cli/rate-command.js';
import { rejectsCommand } from '../../electron/cli/rejects-command.js';
import { sidecarsCommand } from '../../electron/cli/sidecars-command.js';
import { historyCommand, redoCommand, undoCommand } from '../../electron/cli/undo-command.js';
import { thumbnailsDirFor } from '../../electron/core/app-paths.js';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { scanLibrary } from '../../electron/core/pipeline/scan-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { fixtureLibrary, type FixtureLibrary } from '../core/decisions/library-fixture.js';
import { tempDir } from '../helpers/paths.js';

const REPO = path.resolve(import.meta.dirname, '../..');

function io(answer: boolean | null = null): CommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: { write: (t: string) => (out += t) },
    err: { write: (t: string) => (err += t) },
    confirm: answer === null ? null : async () => answer,
    stdout: () => out,
    stderr: () => err,
  };
}

function decisionOf(lib: FixtureLibrary, i: number) {
  return lib.store.db.prepare('SELECT rating, pick, color_label FROM photos WHERE id = ?').get(lib.ids[i]);
}

let lib: FixtureLibrary;
afterEach(() => lib?.store.close());

describe('winnow rate / undo / redo / history', () => {
  it('rates photos by path or folder, writes sidecars, and undoes', async () => {
    lib = fixtureLibrary(['shoot/1.jpg', 'shoot/2.jpg', 'other.jpg']);
    const db = path.join(lib.dir, 'library.db');
    const a = io();
    expect(await rateCommand([path.join(lib.photosDir, 'shoot'), '--stars', '4', '--pick', '--label', 'green', '--db', db], a)).toBe(0);
    expect(a.stdout()).toMatch(/^Set pick, 4 stars, green label on 2 photos; 2 sidecars written\. Undo with "winnow undo"\./);
    expect(decisionOf(lib, 0)).toEqual({ rating: 4, pick: 1, color_label: 'Green' });
    expect(decisionOf(lib, 2)).toEqual({ rating: 0, pick: 0, color_label: null });
    expect(fs.readFileSync(`${lib.paths[0]}.xmp`, 'utf8')).toContain('xmp:Label="Green"');

    expect(await rateCommand([lib.paths[0]!, '--reject', '--label', 'none', '--db', db], io())).toBe(0);
    expect(decisionOf(lib, 0)).toEqual({ rating: 4, pick: -1, color_label: null });

    const u = io();
    expect(await undoCommand(['--db', db], u)).toBe(0);
    expect(u.stdout()).toBe('Undid: reject, no label on 1 photo (1 photo).\n');
    expect(decisionOf(lib, 0)).toEqual({ rating: 4, pick: 1, color_label: 'Green' });
    expect(await redoCommand(['--db', db], io())).toBe(0);
    expect(decisionOf(lib, 0)).toEqual({ rating: 4, pick: -1, color_label: null });
    const h = io();
    await historyCommand(['--db', db], h);
    expect(h.stdout()).toMatch(/reject, no label on 1 photo\n.*pick, 4 stars, green label on 2 photos\n$/);
  });

  it('reports paths the library does not know and refuses bad options', async () => {
    lib = fixtureLibrary(['1.jpg']);
    const db = path.join(lib.dir, 'library.db');
    const r = io();
    expect(await rateCommand([lib.paths[0]!, path.join(lib.dir, 'nope.jpg'), '--stars', '1', '--db', db], r)).toBe(1);
    expect(r.stderr()).toContain('not in the library');
    await expect(rateCommand([lib.paths[0]!, '--stars', '7', '--db', db], io())).rejects.toMatchObject({ code: 'USAGE' });
    await expect(rateCommand([lib.paths[0]!, '--pick', '--reject', '--db', db], io())).rejects.toMatchObject({ code: 'USAGE' });
    await expect(rateCommand([lib.paths[0]!, '--label', 'orange', '--db', db], io())).rejects.toMatchObject({ code: 'USAGE' });
    await expect(rateCommand([lib.paths[0]!, '--db', db], io())).rejects.toMatchObject({ code: 'USAGE' });
    await expect(rateCommand([lib.paths[0]!, '--stars', '1', '--db', path.join(lib.dir, 'typo.db')], io())).rejects.toMatchObject({ code: 'DB_MISSING' });
    expect(fs.existsSync(path.join(lib.dir, 'typo.db'))).toBe(false);
  });
});

describe('winnow rejects / export / sidecars', () => {
  it('moves rejects only when confirmed, and undo brings them back', async () => {
    lib = fixtureLibrary(['1.jpg', '2.jpg']);
    const db = path.join(lib.dir, 'library.db');
    await rateCommand([lib.paths[0]!, '--reject', '--db', db], io());
    const target = path.join(lib.dir, 'rejects');
    await expect(rejectsCommand(['move', target, '--db', db], io(null))).rejects.toMatchObject({ code: 'USAGE' });
    const declined = io(false);
    expect(await rejectsCommand(['move', target, '--db', db], declined)).toBe(0);
    expect(declined.stdout()).toBe('Nothing moved.\n');
    // Declining leaves the library as it was: the target folder is not even added as a root.
    expect(lib.store.roots()).toHaveLength(1);
    expect(fs.existsSync(lib.paths[0]!)).toBe(true);
    const m = io();
    expect(await rejectsCommand(['move', target, '--yes', '--db', db], m)).toBe(0);
    expect(m.stdout()).toContain('Moved 1 photo');
    expect(fs.existsSync(path.join(target, '1.jpg'))).toBe(true);
    expect(fs.existsSync(path.join(target, '1.jpg.xmp'))).toBe(true);
    await undoCommand(['--db', db], io());
    expect(fs.existsSync(lib.paths[0]!)).toBe(true);
    expect(fs.existsSync(`${lib.paths[0]}.xmp`)).toBe(true);
  });

  it('exports picks and rewrites or imports sidecars in bulk', async () => {
    lib = fixtureLibrary(['1.jpg', '2.jpg']);
    const db = path.join(lib.dir, 'library.db');
    await rateCommand([lib.paths[1]!, '--pick', '--stars', '5', '--no-sidecars', '--db', db], io());
    expect(fs.existsSync(`${lib.paths[1]}.xmp`)).toBe(false);
    const w = io();
    await sidecarsCommand(['write', '--db', db], w);
    expect(w.stdout()).toBe('Wrote 1 sidecar.\n');
    const e = io();
    expect(await exportCommand([path.join(lib.dir, 'out'), '--db', db], e)).toBe(0);
    expect(e.stdout()).toBe('Exported 1 picked photo and 1 sidecar.\n');
    expect(e.stderr()).toMatch(/copied 1\/1/);

    fs.copyFileSync(path.resolve(REPO, '../shared/data/samples/xmp/rating-rejected.xmp'), `${lib.paths[0]}.xmp`);
    const i = io();
    await sidecarsCommand(['import', '--db', db], i);
    expect(i.stdout()).toBe('Imported decisions for 1 photo from their sidecars.\n');
    expect(decisionOf(lib, 0)).toMatchObject({ pick: -1 });
  });
});

describe('winnow cull / bursts on a scanned library', () => {
  it('previews, applies only with --apply, and undo reverts', async () => {
    const dir = tempDir('winnow-cull-');
    const photos = path.join(dir, 'photos');
    fs.mkdirSync(photos);
    const scene = path.resolve(REPO, '../shared/data/clive/images/1002.JPG');
    for (const [i, sigma] of [0, 4, 5].entries()) {
      let img = sharp(scene);
      if (sigma) img = img.blur(sigma);
      await img.withExif({ IFD2: { DateTimeOriginal: `2024:06:01 12:00:0${i}` } }).jpeg().toFile(path.join(photos, `f${i}.jpg`));
    }
    const db = path.join(dir, 'library.db');
    const store = LibraryStore.open(db);
    const model = await QualityModel.load(path.join(REPO, 'test/fixtures/model/tiny-wsp.json'));
    await scanLibrary(store, model, photos, { thumbnailsDir: thumbnailsDirFor(db) });
    await model.close();
    store.close();

    const preview = io();
    expect(await cullCommand(['--burst-margin', '10', '--db', db], preview)).toBe(0);
    expect(preview.stdout()).toMatch(/f1\.jpg\n {4}much softer than the best of its burst \(f0\.jpg\)/);
    expect(preview.stdout()).toContain('2 photos would be rejected. Run again with --apply');
    const bursts = io();
    await burstsCommand(['--db', db, '--json'], bursts);
    expect(JSON.parse(bursts.stdout())).toMatchObject([{ best: path.join(photos, 'f0.jpg') }]);

    const check = LibraryStore.open(db);
    const picks = () => (check.db.prepare('SELECT pick FROM photos ORDER BY path').all() as { pick: number }[]).map((r) => r.pick);
    expect(picks()).toEqual([0, 0, 0]);
    expect(await cullCommand(['--burst-margin', '10', '--apply', '--db', db], io())).toBe(0);
    expect(picks()).toEqual([0, -1, -1]);
    await undoCommand(['--db', db], io());
    expect(picks()).toEqual([0, 0, 0]);
    check.close();
  });
});

describe('winnow CLI dispatch', () => {
  it('runs "winnow rate" from the real entry point', () => {
    lib = fixtureLibrary(['1.jpg']);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/cli/winnow.ts'), 'rate', lib.paths[0]!, '--stars', '3', '--db', path.join(lib.dir, 'library.db')], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Set 3 stars on 1 photo');
    expect(decisionOf(lib, 0)).toMatchObject({ rating: 3 });
    const bad = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'electron/cli/winnow.ts'), 'rate', lib.paths[0]!, '--stars', 'x'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(bad.status).toBe(2);
  });
});
