import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPhotoBytes } from '../../electron/core/decode/decode-photo.js';
import { DecisionService } from '../../electron/core/decisions/decision-service.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { readSidecarText, writeDecisionToSidecar, writeSidecarsFor } from '../../electron/core/xmp/sidecar-files.js';
import { SidecarLocator } from '../../electron/core/xmp/sidecar-locator.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotoFolder, tempDir } from '../helpers/paths.js';

function fifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

const within = <T>(ms: number, p: Promise<T>) => Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`blocked for ${ms} ms`)), ms))]);

describe('hostile or surprising file systems', () => {
  it('never opens a FIFO or a device for reading as a photo or a sidecar, and caps sizes', async () => {
    const dir = tempDir();
    fifo(path.join(dir, 'IMG_1.jpg'));
    fifo(path.join(dir, 'IMG_1.jpg.xmp'));
    fs.symlinkSync('/dev/urandom', path.join(dir, 'IMG_2.jpg.xmp'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'IMG_2.jpg'));
    await expect(within(3000, readPhotoBytes(path.join(dir, 'IMG_1.jpg')))).rejects.toMatchObject({ code: 'NOT_A_FILE' });
    await expect(within(3000, readPhotoBytes(path.join(dir, 'IMG_2.jpg')))).rejects.toMatchObject({ code: 'NOT_A_FILE' });
    await expect(within(3000, readSidecarText(path.join(dir, 'IMG_1.jpg.xmp')))).rejects.toMatchObject({ code: 'SIDECAR_NOT_A_FILE' });
    await expect(within(3000, readSidecarText(path.join(dir, 'IMG_2.jpg.xmp')))).rejects.toMatchObject({ code: 'SIDECAR_NOT_A_FILE' });
    // A sparse file far past the cap costs no disk; reading it whole would cost the memory.
    const big = path.join(dir, 'huge.tif');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 300 * 2 ** 20);
    const before = process.memoryUsage().rss;
    await expect(readPhotoBytes(big)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20);
    const bigSidecar = path.join(dir, 'huge.tif.xmp');
    fs.closeSync(fs.openSync(bigSidecar, 'w'));
    fs.truncateSync(bigSidecar, 64 * 2 ** 20);
    await expect(readSidecarText(bigSidecar)).rejects.toMatchObject({ code: 'SIDECAR_TOO_LARGE' });
  });

  it('FIFO sidecars never hold the thread pool: decisions on them finish and report a problem', async () => {
    const lib = realPhotoFolder(4);
    const db = path.join(tempDir(), 'library.db');
    await scanWithFixture(lib, db);
    for (const f of fs.readdirSync(lib).filter((n) => /\.jpe?g$/i.test(n))) fifo(path.join(lib, `${f}.xmp`));
    const store = LibraryStore.open(db);
    const ids = store.db.prepare('SELECT id FROM photos').pluck().all() as number[];
    const outcome = await within(5000, new DecisionService(store.db).decide(ids, { rating: 2 }));
    expect(outcome.sidecars.problems.map((p) => p.code)).toEqual(ids.map(() => 'SIDECAR_NOT_A_FILE'));
    // libuv's pool is free: an ordinary read completes at once.
    await within(2000, fs.promises.readFile(path.join(lib, fs.readdirSync(lib)[0]!.replace(/\.xmp$/, ''))));
    store.close();
  }, 90_000);

  it('a scan reports a FIFO sidecar per photo and finishes', async () => {
    const lib = realPhotoFolder(2);
    const [first] = fs.readdirSync(lib);
    fifo(path.join(lib, `${first}.xmp`));
    const db = path.join(tempDir(), 'library.db');
    const report = await within(60_000, scanWithFixture(lib, db));
    expect(report.scored).toBe(2);
    const store = LibraryStore.open(db, { readonly: true });
    expect(store.photoErrors().map((e) => e.code)).toContain('SIDECAR_NOT_A_FILE');
    store.close();
  }, 90_000);

  it('a photo that vanished during a scan and came back unchanged is scored by the next scan', async () => {
    const lib = realPhotoFolder(2);
    const victim = path.join(lib, fs.readdirSync(lib)[0]!);
    const hidden = `${victim}.away`;
    const stat = fs.statSync(victim);
    const db = path.join(tempDir(), 'library.db');
    let first = true;
    await scanWithFixture(lib, db, {
      concurrency: 1,
      gate: async () => {
        if (first) fs.renameSync(victim, hidden);
        first = false;
      },
    });
    const during = LibraryStore.open(db, { readonly: true });
    expect(during.photoErrors().map((e) => e.code)).toEqual(['VANISHED']);
    during.close();
    await scanWithFixture(lib, db); // still away: flagged missing
    fs.renameSync(hidden, victim);
    fs.utimesSync(victim, stat.atime, stat.mtime);
    const again = await scanWithFixture(lib, db);
    expect(again.scored).toBe(1);
    const store = LibraryStore.open(db, { readonly: true });
    expect(store.photoErrors()).toEqual([]);
    store.close();
  }, 90_000);

  it('the library own caches inside a photo folder are never photos; a symlinked root is the same root', async () => {
    const lib = realPhotoFolder(2);
    const db = path.join(lib, 'library.db');
    await scanWithFixture(lib, db);
    expect(fs.readdirSync(path.join(lib, 'thumbnails')).length).toBeGreaterThan(0);
    const link = path.join(tempDir(), 'linked');
    fs.symlinkSync(lib, link);
    const again = await scanWithFixture(link, db);
    expect(again.found).toBe(2);
    const store = LibraryStore.open(db, { readonly: true });
    expect(store.roots()).toHaveLength(1);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n).toBe(2);
    store.close();
  }, 90_000);

  it('a sub-folder scanned as its own root does not re-import an old sidecar over a newer decision', async () => {
    const lib = realPhotoFolder(1);
    const sub = path.join(lib, 'day1');
    fs.mkdirSync(sub);
    const photo = path.join(sub, 'a.jpg');
    fs.renameSync(path.join(lib, fs.readdirSync(lib).find((f) => /\.jpe?g$/i.test(f))!), photo);
    await writeDecisionToSidecar(`${photo}.xmp`, { rating: 1, pick: 0, colorLabel: null });
    const db = path.join(tempDir(), 'library.db');
    await scanWithFixture(lib, db);
    const store = LibraryStore.open(db);
    const id = (store.db.prepare('SELECT id FROM photos').get() as { id: number }).id;
    await new DecisionService(store.db, { writeSidecars: false }).decide([id], { rating: 5 });
    store.close();
    await scanWithFixture(sub, db);
    const after = LibraryStore.open(db, { readonly: true });
    expect((after.db.prepare('SELECT rating FROM photos WHERE id = ?').get(id) as { rating: number }).rating).toBe(5);
    after.close();
  }, 90_000);

  it('never writes a sidecar through a link that leads out of the photo folder', async () => {
    const dir = tempDir();
    const outside = path.join(tempDir('winnow-outside-'), 'elsewhere.xmp');
    fs.writeFileSync(outside, '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');
    const before = fs.readFileSync(outside, 'utf8');
    fs.symlinkSync(outside, path.join(dir, 'a.jpg.xmp'));
    const report = await writeSidecarsFor(path.join(dir, 'a.jpg'), { rating: 4, pick: 0, colorLabel: null }, new SidecarLocator());
    expect(report.problems).toMatchObject([{ code: 'SIDECAR_LINK_AWAY' }]);
    expect(fs.readFileSync(outside, 'utf8')).toBe(before);
  });

  it('an ISO-8859-1 sidecar keeps every character when a rating is written', async () => {
    const dir = tempDir();
    const sidecar = path.join(dir, 'a.jpg.xmp');
    const xml =
      '<?xml version="1.0" encoding="ISO-8859-1"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:rights="© Renée Müller"/></rdf:RDF></x:xmpmeta>';
    fs.writeFileSync(sidecar, Buffer.from(xml, 'latin1'));
    await writeDecisionToSidecar(sidecar, { rating: 3, pick: 0, colorLabel: null });
    const text = await readSidecarText(sidecar);
    expect(text).toContain('© Renée Müller');
    expect(text).toMatch(/xmp:Rating="3"|<xmp:Rating>3</);
  });
});
