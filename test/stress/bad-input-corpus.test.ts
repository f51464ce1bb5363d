import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { WinnowError } from '../../electron/core/errors.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { LibraryQueries } from '../../electron/core/store/library-queries.js';
import { writeBadInputs, type BadInputCase } from '../helpers/bad-inputs.js';
import { scanWithFixture } from '../helpers/library.js';
import { SAMPLES, realPhotos, tempDir } from '../helpers/paths.js';
import { recordStress, sha256File } from '../helpers/stress.js';

async function animated(format: 'gif' | 'webp'): Promise<Buffer> {
  const frames = await Promise.all(['#a33', '#3a3', '#33a'].map((c) => sharp({ create: { width: 320, height: 240, channels: 3, background: c } }).png().toBuffer()));
  return sharp(frames, { join: { animated: true } })[format]().toBuffer();
}

/** The wider corpus of the robustness issue, on top of the foundation's list. */
async function writeMoreBadInputs(dir: string, good: string): Promise<BadInputCase[]> {
  const bytes = fs.readFileSync(good);
  const cases: BadInputCase[] = [];
  const put = (name: string, data: Buffer | string, expect: BadInputCase['expect']) => {
    fs.writeFileSync(path.join(dir, name), data);
    cases.push({ name, expect });
  };
  const header = Buffer.from(bytes);
  header.fill(0x5a, 2, 64); // SOI kept, the segments after it scrambled
  put('corrupt-header.jpg', header, { scored: false, message: /truncated|corrupt|cannot decode|not an image/ });
  put('png-named.jpg', await sharp(bytes).png().toBuffer(), { scored: true });
  put('text-named.png', 'PNG? no.', { scored: false, message: /not an image/ });
  put('animated.gif', await animated('gif'), { scored: true });
  put('animated.webp', await animated('webp'), { scored: true });
  put('garbage.tif', Buffer.from('II*\0' + 'x'.repeat(200)), { scored: false, message: /cannot decode|corrupt|not an image|truncated/ });
  const heic = fs.readFileSync(path.join(SAMPLES, 'formats', 'iphone_7.heic'));
  put('iphone.heic', heic, { scored: true });
  // libheif would decode what is left of a cut HEIC and fill the rest with grey.
  put('truncated.heic', heic.subarray(0, Math.floor(heic.length * 0.6)), { scored: false, message: /truncated/ });
  return cases;
}

describe('robustness: the bad-input corpus', () => {
  it('gives each bad item a clear error, scores every good one, and loses nothing already stored', async () => {
    const dir = tempDir();
    const lib = path.join(dir, 'photos');
    fs.mkdirSync(path.join(lib, 'sub'), { recursive: true });
    const db = path.join(dir, 'data', 'library.db');
    const goods = realPhotos(6);
    for (const g of goods) fs.copyFileSync(g, path.join(lib, path.basename(g)));
    const cases = [...(await writeBadInputs(lib, goods[0]!)), ...(await writeMoreBadInputs(lib, goods[1]!))];
    fs.writeFileSync(Buffer.from(path.join(lib, 'sub', 'na\xefve.jpg'), 'latin1'), fs.readFileSync(goods[2]!));
    fs.symlinkSync('..', path.join(lib, 'sub', 'loop'));
    fs.symlinkSync('self.jpg', path.join(lib, 'self.jpg'));
    const hashes = new Map(goods.map((g) => [path.basename(g), sha256File(path.join(lib, path.basename(g)))]));

    // Mid-scan: one photo deleted and one replaced after the walk listed them.
    const doomed = path.join(lib, path.basename(goods[4]!));
    const swapped = path.join(lib, path.basename(goods[5]!));
    let tampered = false;
    const first = await scanWithFixture(lib, db, {
      concurrency: 1,
      onProgress: (p) => {
        if (p.phase === 'scoring' && !tampered) {
          tampered = true;
          fs.rmSync(doomed);
          fs.writeFileSync(swapped, fs.readFileSync(goods[3]!));
        }
      },
    });
    expect(tampered).toBe(true);
    expect(first.cancelled).toBe(false);

    const store = LibraryStore.open(db);
    const modelId = store.latestModelId();
    const rows = new Map(new LibraryQueries(store.db).listRows({ modelId, sort: 'name', order: 'asc', includeMissing: true }).map((r) => [path.relative(lib, r.path), r]));
    const errors = store.photoErrors();
    for (const c of cases) {
      const row = rows.get(c.name);
      expect(row, c.name).toBeDefined();
      const messages = errors.filter((e) => e.path.endsWith(`/${c.name}`)).map((e) => e.message).join(' ');
      if (c.expect.scored) expect(row!.quality, `${c.name}: ${messages}`).toBeTypeOf('number');
      else {
        expect(row!.quality, c.name).toBeNull();
        expect(messages, c.name).toMatch(c.expect.message);
      }
    }
    expect(errors.find((e) => e.path === doomed)?.message).toMatch(/disappeared/);
    expect(rows.get(path.basename(swapped))?.quality).toBeTypeOf('number');
    const scanProblems = store.scanErrors().map((e) => e.code).sort();
    expect(scanProblems).toEqual(['ELOOP', 'LINK_LOOP', 'NAME_NOT_UTF8']);

    // Decisions made now must survive everything that follows.
    const keep = rows.get(path.basename(goods[1]!))!.id;
    store.db.prepare('UPDATE photos SET rating = 5, pick = 1 WHERE id = ?').run(keep);
    store.close();

    // Rescan: the deleted file becomes missing, the swapped one is re-read, nothing is duplicated.
    const second = await scanWithFixture(lib, db);
    expect(second.nowMissing).toBe(1);
    // The library root on a drive that is gone: a clear error, and nothing is marked missing.
    const gone = path.join(dir, 'unplugged');
    fs.renameSync(lib, gone);
    let rootError: unknown;
    try {
      await scanWithFixture(lib, db);
    } catch (err) {
      rootError = err;
    }
    expect(rootError).toBeInstanceOf(WinnowError);
    expect((rootError as WinnowError).code).toBe('ROOT_MISSING');
    fs.renameSync(gone, lib);

    const after = LibraryStore.open(db);
    try {
      expect(after.db.prepare('SELECT rating, pick FROM photos WHERE id = ?').get(keep)).toEqual({ rating: 5, pick: 1 });
      expect(after.counts(after.latestModelId()).missing).toBe(1);
      const dupes = after.db.prepare('SELECT path, COUNT(*) AS n FROM photos GROUP BY path HAVING n > 1').all();
      expect(dupes).toEqual([]);
    } finally {
      after.close();
    }
    for (const [name, hash] of hashes) if (path.join(lib, name) !== doomed && path.join(lib, name) !== swapped) expect(sha256File(path.join(lib, name))).toBe(hash);
    recordStress('bad-input corpus', { badInputs: cases.filter((c) => !c.expect.scored).length + 5, oddButValid: cases.filter((c) => c.expect.scored).length, losses: 0 });
  });
});
