import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { propertyValues } from '../core/xmp/xmp-fixtures.js';
import { scanWithFixture } from '../helpers/library.js';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';
import { iterations, recordStress, seededRandom } from '../helpers/stress.js';

const XMP_NS = 'http://ns.adobe.com/xap/1.0/';
const CLI = path.join(REPO_ROOT, 'electron/cli/winnow.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function winnow(args: string[]): { child: ReturnType<typeof spawn>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: 'ignore' });
  return { child, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

describe('crash safety: sidecars due when a rate is killed', () => {
  it('the next start of any command writes the sidecars the database is ahead of', async () => {
    const random = seededRandom(21);
    const lib = tempDir('winnow-rate-kill-');
    const count = iterations(80, 400);
    for (let i = 0; i < count; i++) {
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: i % 255, g: 90, b: 40 } } })
        .jpeg()
        .toFile(path.join(lib, `IMG_${String(i).padStart(4, '0')}.jpg`));
    }
    const db = path.join(tempDir(), 'library.db');
    await scanWithFixture(lib, db);
    const rounds = iterations(3, 20);
    let kills = 0;
    let behind = 0;
    for (let round = 0; round < rounds; round++) {
      const stars = 1 + (round % 5);
      const run = winnow(['rate', lib, '--stars', String(stars), '--db', db]);
      let done = false;
      void run.exit.then(() => (done = true));
      // Kill once the first sidecars of this round appear, before the batch can finish.
      const probe = path.join(lib, 'IMG_0000.jpg.xmp');
      while (!done && !(fs.existsSync(probe) && propertyValues(fs.readFileSync(probe, 'utf8'), XMP_NS, 'Rating')[0] === String(stars))) await sleep(2);
      await sleep(Math.floor(random() * 10));
      if (!done) {
        run.child.kill('SIGKILL');
        kills++;
      }
      const code = await run.exit;
      const ratingOf = (f: string) => (fs.existsSync(f) ? propertyValues(fs.readFileSync(f, 'utf8'), XMP_NS, 'Rating')[0] : undefined);
      const store = LibraryStore.open(db, { readonly: true });
      const rows = store.db.prepare('SELECT path, rating FROM photos').all() as { path: string; rating: number }[];
      const due = store.db.prepare('SELECT COUNT(*) FROM sidecars_due').pluck().get() as number;
      store.close();
      behind += rows.filter((r) => ratingOf(`${r.path}.xmp`) !== String(r.rating)).length;
      // Any command, even one that only reads, brings them in line.
      expect(await winnow(['history', '--db', db]).exit).toBe(0);
      for (const r of rows) expect(ratingOf(`${r.path}.xmp`), `${r.path}.xmp behind the database (round ${round}, rate exit ${code}, ${due} due)`).toBe(String(r.rating));
    }
    expect(kills).toBeGreaterThan(0);
    recordStress('rate kill loop', { kills, rounds, photos: count, sidecarsBehindAfterKill: behind, behindAfterRestart: 0, losses: 0 });
  }, 600_000);
});
