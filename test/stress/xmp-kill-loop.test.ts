import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DecisionService } from '../../electron/core/decisions/decision-service.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { XmpDocument } from '../../electron/core/xmp/xmp-document.js';
import { foreignFacts, propertyValues, samplesDir } from '../core/xmp/xmp-fixtures.js';
import { scanWithFixture } from '../helpers/library.js';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';
import { iterations, recordStress, seededRandom, sha256File } from '../helpers/stress.js';

const XMP_NS = 'http://ns.adobe.com/xap/1.0/';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sidecarRating(file: string): string | undefined {
  return propertyValues(fs.readFileSync(file, 'utf8'), XMP_NS, 'Rating')[0];
}

describe('crash safety: killing a bulk sidecar write', () => {
  it('leaves every sidecar whole (old or new), keeps foreign properties and never touches a photo', async () => {
    const random = seededRandom(99);
    const lib = tempDir('winnow-xmp-kill-');
    const count = iterations(120, 300);
    for (let i = 0; i < count; i++) {
      await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: (i * 37) % 255, g: (i * 91) % 255, b: 120 } } })
        .jpeg()
        .toFile(path.join(lib, `IMG_${String(i).padStart(4, '0')}.jpg`));
    }
    // Half the photos already have a darktable sidecar full of darktable's own data.
    const darktable = fs.readFileSync(path.join(samplesDir, 'darktable-aurora.jpg.xmp'), 'utf8');
    for (let i = 0; i < count; i += 2) fs.writeFileSync(path.join(lib, `IMG_${String(i).padStart(4, '0')}.jpg.xmp`), darktable);
    const db = path.join(tempDir(), 'library.db');
    await scanWithFixture(lib, db);
    const photos = fs.readdirSync(lib).filter((f) => f.endsWith('.jpg'));
    const photoHashes = new Map(photos.map((f) => [f, sha256File(path.join(lib, f))]));
    const foreign = foreignFacts(darktable).filter((f) => !f.includes('ns.adobe.com/xap/1.0/|MetadataDate'));

    const store = LibraryStore.open(db);
    const ids = (store.db.prepare('SELECT id FROM photos').all() as { id: number }[]).map((r) => r.id);
    const decisions = new DecisionService(store.db, { writeSidecars: false });

    const rounds = iterations(5, 40);
    let kills = 0;
    let previous: string | null = null;
    // A killed run leaves each sidecar at the value of some earlier round (or darktable's own 1).
    const seen = new Set<string>(['1']);
    for (let round = 0; round < rounds; round++) {
      const rating = String(1 + (round % 5));
      seen.add(rating);
      await decisions.decide(ids, { rating: Number(rating) });
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), 'sidecars', 'write', '--db', db], { cwd: REPO_ROOT, stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let done = false;
      void exited.then(() => (done = true));
      // Kill as soon as the writer is seen at work, plus a random moment.
      const probe = path.join(lib, `${photos[Math.floor(random() * photos.length)]}.xmp`);
      while (!done && !(fs.existsSync(probe) && sidecarRating(probe) === rating)) await sleep(2);
      await sleep(Math.floor(random() * 30));
      if (!done) {
        child.kill('SIGKILL');
        kills++;
      }
      await exited;

      for (const f of photos) {
        const sidecar = path.join(lib, `${f}.xmp`);
        if (!fs.existsSync(sidecar)) continue;
        const text = fs.readFileSync(sidecar, 'utf8');
        XmpDocument.parse(text); // whole, never truncated
        const value = propertyValues(text, XMP_NS, 'Rating')[0];
        expect([...seen], `${f}.xmp rating ${value}`).toContain(value);
        if (Number(f.slice(4, 8)) % 2 === 0) expect(foreignFacts(text), `${f}.xmp lost darktable data`).toEqual(expect.arrayContaining(foreign));
      }
      previous = rating;
    }
    store.close();

    const final = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), 'sidecars', 'write', '--db', db], { cwd: REPO_ROOT, stdio: 'ignore' });
    expect(await new Promise((resolve) => final.on('exit', resolve))).toBe(0);
    for (const f of photos) {
      expect(sidecarRating(path.join(lib, `${f}.xmp`))).toBe(previous);
      expect(sha256File(path.join(lib, f)), `${f} changed`).toBe(photoHashes.get(f));
    }
    const leftovers = fs.readdirSync(lib).filter((f) => f.endsWith('.tmp') && !f.startsWith('.'));
    expect(leftovers).toEqual([]);
    recordStress('sidecar write kill loop', { kills, rounds, sidecars: photos.length, truncated: 0, losses: 0 });
  });
});
