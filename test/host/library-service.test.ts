import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryService } from '../../electron/core/library-service.js';
import { LibraryQueries } from '../../electron/core/store/library-queries.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import type { GridPhoto, PhotoQuery } from '../../electron/shared/api-contract.js';
import { PROBLEM } from '../../electron/shared/api-contract.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';

/**
 * The service the hosts serve, over a real scanned library: paging in two segments, the deep-page
 * order cache, filters, histogram, facets, detail with maps, and decisions with undo.
 */

let work: string;
let store: LibraryStore;
let service: LibraryService;
const N = 12;

async function all(query: PhotoQuery): Promise<GridPhoto[]> {
  return (await service.queryPhotos({ ...query, limit: 1000 })).rows;
}

beforeAll(async () => {
  work = tempDir('winnow-service-');
  const photos = path.join(work, 'photos');
  realPhotos(N).forEach((f, i) => {
    const dir = path.join(photos, i < 4 ? 'a' : i < 8 ? 'b/deeper' : 'c');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(f, path.join(dir, path.basename(f)));
  });
  const db = path.join(work, 'library.db');
  await scanWithFixture(photos, db);
  // One file the scan could not analyse: it must still be listed (last) and count as a problem.
  fs.writeFileSync(path.join(photos, 'c', 'broken.jpg'), 'not a jpeg');
  await scanWithFixture(photos, db);
  store = LibraryStore.open(db);
  // Capture metadata the CLIVE photos lack, so camera, lens and date filters have something to find.
  const ids = (store.db.prepare('SELECT id FROM photos ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  const set = store.db.prepare('UPDATE photos SET camera = ?, lens = ?, taken_at = ? WHERE id = ?');
  ids.forEach((id, i) => set.run(i % 3 === 0 ? 'Nikon Z 8' : 'Canon EOS R5', i % 2 ? '50mm' : null, Date.UTC(2026, 0, 1 + i), id));
  service = new LibraryService(store, { writeSidecars: false });
});

afterAll(() => {
  store?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('paging', () => {
  it('orders by quality with unscored photos last, and pages add up to the whole', async () => {
    const rows = await all({ sort: 'quality' });
    expect(rows).toHaveLength(N + 1);
    const scored = rows.filter((r) => r.quality !== null).map((r) => r.quality!);
    expect(scored).toEqual([...scored].sort((a, b) => b - a));
    expect(rows[N]!.name).toBe('broken.jpg');
    expect(rows[N]!.problems & PROBLEM.failed).toBeTruthy();
    const paged: GridPhoto[] = [];
    for (let offset = 0; offset < N + 1; offset += 5) paged.push(...(await service.queryPhotos({ sort: 'quality', offset, limit: 5 })).rows);
    expect(paged.map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it('sorts by name, date and camera, ascending and descending', async () => {
    const names = (await all({ sort: 'name', order: 'asc' })).map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const dates = (await all({ sort: 'date', order: 'desc' })).map((r) => r.takenAt!);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const cameras = (await all({ sort: 'camera', order: 'asc' })).map((r) => r.camera);
    expect(cameras.indexOf('Nikon Z 8')).toBeGreaterThan(cameras.lastIndexOf('Canon EOS R5'));
  });

  it('answers deep pages from the cached order exactly as OFFSET pages', async () => {
    const modelId = (store.db.prepare('SELECT model_id FROM scores LIMIT 1').get() as { model_id: number }).model_id;
    const offsetOnly = new LibraryQueries(store.db, Infinity);
    const cached = new LibraryQueries(store.db, 0);
    for (const q of [{ sort: 'quality' as const }, { sort: 'name' as const, order: 'asc' as const }, { sort: 'camera' as const }, { sort: 'sharpness' as const, pick: 'kept' as const }]) {
      for (const offset of [0, 4, 9, 12, 20]) {
        const a = offsetOnly.page({ ...q, offset, limit: 4, withTotal: true }, modelId);
        const b = cached.page({ ...q, offset, limit: 4, withTotal: true }, modelId);
        expect(b).toEqual(a);
      }
    }
  });

  it('finds the position of a photo in any order', async () => {
    for (const q of [{ sort: 'quality' as const }, { sort: 'name' as const, order: 'asc' as const }, { sort: 'date' as const }]) {
      const rows = await all(q);
      for (const i of [0, 3, rows.length - 1]) expect(await service.photoPosition(q, rows[i]!.id)).toBe(i);
    }
    const broken = (await all({ sort: 'quality' })).find((r) => r.name === 'broken.jpg')!;
    expect(await service.photoPosition({ sort: 'quality', minQuality: 0 }, broken.id)).toBeNull();
  });
});

describe('filters', () => {
  it('filters by quality range, folder with subfolders, camera, lens, date and problems', async () => {
    const rows = await all({ sort: 'quality' });
    const median = rows[Math.floor(N / 2)]!.quality!;
    const upper = await all({ minQuality: median });
    expect(upper.length).toBeGreaterThan(0);
    expect(upper.every((r) => r.quality! >= median)).toBe(true);
    expect(await service.countPhotos({ minQuality: median })).toBe(upper.length);

    const root = (await service.listRoots())[0]!;
    expect(await service.countPhotos({ rootId: root.id, folder: 'b' })).toBe(4);
    expect(await service.countPhotos({ rootId: root.id, folder: 'b/deeper' })).toBe(4);
    expect(await service.countPhotos({ rootId: root.id, folder: 'c' })).toBe(5);
    expect(await service.countPhotos({ camera: 'Nikon Z 8' })).toBe(5);
    expect(await service.countPhotos({ lens: '50mm' })).toBe(6);
    expect(await service.countPhotos({ takenFrom: Date.UTC(2026, 0, 3), takenTo: Date.UTC(2026, 0, 5) })).toBe(3);
    const problems = await all({ problemsOnly: true });
    expect(problems.every((p) => p.problems !== 0)).toBe(true);
    expect(problems.some((p) => p.name === 'broken.jpg')).toBe(true);
    expect(await service.countPhotos({})).toBe(N + 1);
  });

  it('bins the histogram over the scores present, ignoring its own range filter', async () => {
    const h = await service.qualityHistogram({ minQuality: 99 });
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(N);
    expect(h.min).toBeLessThan(h.max);
  });

  it('lists facets and roots with counts', async () => {
    const f = await service.facets();
    expect(f.cameras.map((c) => c.value).sort()).toEqual(['Canon EOS R5', 'Nikon Z 8']);
    expect(f.folders.map((x) => x.folder)).toEqual(['a', 'b/deeper', 'c']);
    expect([f.takenMin, f.takenMax]).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, N + 1)]); // every photo, the broken one too
    expect((await service.listRoots())[0]!.photos).toBe(N + 1);
  });
});

describe('detail and decisions', () => {
  it('returns EXIF, every score and the decoded maps', async () => {
    const id = (await all({ sort: 'quality' }))[0]!.id;
    const d = (await service.photoDetail(id))!;
    expect(d.score!.map.quality).toHaveLength(d.score!.map.width * d.score!.map.height);
    expect(Math.max(...d.score!.map.weight)).toBeCloseTo(1, 1);
    expect(d.score!.map.quality.every((q) => q >= 0 && q <= 100)).toBe(true);
    expect(d.score!.distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(d.camera).not.toBeNull();
    expect(await service.photoDetail(999_999)).toBeNull();
  });

  it('picks, rejects, rates and labels, filters by them, and undoes and redoes', async () => {
    const [a, b] = (await all({ sort: 'quality' })).map((r) => r.id);
    expect((await service.decide([a!], { pick: 1 })).changed).toEqual([{ photoId: a, rating: 0, pick: 1, colorLabel: null }]);
    await service.decide([b!], { pick: -1 });
    await service.decide([a!, b!], { rating: 4 });
    await service.decide([a!], { colorLabel: 'Green' });
    expect((await all({ pick: 'picked' })).map((r) => r.id)).toEqual([a]);
    expect((await all({ pick: 'rejected' })).map((r) => r.id)).toEqual([b]);
    expect(await service.countPhotos({ pick: 'kept' })).toBe(N);
    expect(await service.countPhotos({ minRating: 4 })).toBe(2);
    expect(await service.countPhotos({ colorLabel: 'Green' })).toBe(1);

    const undone = await service.undo();
    expect(undone.label).toContain('green');
    expect((await service.photoDetail(a!))!.colorLabel).toBeNull();
    expect(undone.canRedo).toBe(true);
    await service.redo();
    expect((await service.photoDetail(a!))!.colorLabel).toBe('Green');
    await expect(service.decide([a!], { rating: 7 })).rejects.toThrow(/rating/);
    await expect(service.decide([], { pick: 1 })).rejects.toThrow(/ids/);
  });

  it('returns the sidecars a decision could not write, with the photo they belong to', async () => {
    const withSidecars = new LibraryService(store, { writeSidecars: true });
    const [a, b] = (await all({ sort: 'name' })).map((r) => r.id);
    const photoPath = (await withSidecars.photoDetail(a!))!.path;
    const sidecar = `${photoPath}.xmp`;
    fs.writeFileSync(sidecar, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF');
    try {
      const result = await withSidecars.decide([a!, b!], { rating: 2 });
      expect(result.changed.map((c) => c.photoId).sort()).toEqual([a, b].sort());
      expect(result.sidecarProblems).toEqual([{ photoId: a, sidecarPath: sidecar, message: expect.stringMatching(/left unchanged/) }]);
      expect((await withSidecars.undo()).sidecarProblems.map((p) => p.photoId)).toEqual([a]);
    } finally {
      for (const f of fs.readdirSync(path.dirname(photoPath))) if (f.endsWith('.xmp')) fs.rmSync(path.join(path.dirname(photoPath), f));
    }
  });

  it('refuses to scan without a scanner and to remove an unknown folder', async () => {
    await expect(service.rescan()).rejects.toThrow(/cannot scan/);
    await expect(service.removeRoot(424242)).rejects.toThrow(/no such/);
    await expect(service.removeRoot('1')).rejects.toThrow('a library folder id must be a positive whole number');
    await expect(service.rescan(-1)).rejects.toThrow('a library folder id must be a positive whole number');
  });

  it('removes a folder with its photos, leaving the files', async () => {
    const root = (await service.listRoots())[0]!;
    await service.removeRoot(root.id);
    expect(await service.listRoots()).toEqual([]);
    expect(await service.countPhotos({})).toBe(0);
    expect(fs.existsSync(path.join(work, 'photos', 'c', 'broken.jpg'))).toBe(true);
  });
});
