import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbnailsDirFor } from '../../../electron/core/app-paths.js';
import { candidatePhotos } from '../../../electron/core/store/burst-candidates.js';
import { ensurePerceptualHashes } from '../../../electron/core/bursts/ensure-hashes.js';
import { applyKeepBest, suggestBursts } from '../../../electron/core/bursts/keep-best.js';
import { undoLast } from '../../../electron/core/culling/undo-redo.js';
import { DecisionService } from '../../../electron/core/decisions/decision-service.js';
import { QualityModel } from '../../../electron/core/inference/quality-model.js';
import { scanLibrary } from '../../../electron/core/pipeline/scan-library.js';
import { LibraryService } from '../../../electron/core/library-service.js';
import { LibraryStore } from '../../../electron/core/store/library-store.js';
import { NS } from '../../../electron/core/xmp/xmp-namespaces.js';
import { propertyValues } from '../xmp/xmp-fixtures.js';
import { tempDir } from '../../helpers/paths.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const clive = path.resolve(repoRoot, '../shared/data/clive/images');
const MODEL = path.join(repoRoot, 'test/fixtures/model/tiny-wsp.json');

function exifTime(base: Date, seconds: number): string {
  const d = new Date(base.getTime() + seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}:${pad(d.getUTCMonth() + 1)}:${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** One frame: a real photo, optionally blurred, with the capture time in its EXIF. */
async function frame(source: string, file: string, takenAt: string, blurSigma: number): Promise<void> {
  let image = sharp(source).resize(640, 640, { fit: 'inside' });
  if (blurSigma > 0) image = image.blur(blurSigma);
  await image.withExif({ IFD2: { DateTimeOriginal: takenAt } }).jpeg({ quality: 92 }).toFile(file);
}

let dir: string;
let store: LibraryStore;

beforeAll(async () => {
  dir = tempDir('winnow-burst-');
  const photos = path.join(dir, 'photos');
  fs.mkdirSync(photos);
  const base = new Date(Date.UTC(2024, 4, 1, 10, 0, 0));
  const scene = path.join(clive, '1000.JPG');
  // A burst of five, one second apart; only the middle frame is sharp.
  const blurs = [3, 2.5, 0, 2, 3.5];
  for (const [i, sigma] of blurs.entries()) await frame(scene, path.join(photos, `burst_${i + 1}.jpg`), exifTime(base, i), sigma);
  // A different scene two seconds later, and the same scene again a minute later: neither belongs.
  await frame(path.join(clive, '1001.JPG'), path.join(photos, 'other_scene.jpg'), exifTime(base, 6), 0);
  await frame(scene, path.join(photos, 'much_later.jpg'), exifTime(base, 70), 0);

  const dbPath = path.join(dir, 'library.db');
  store = LibraryStore.open(dbPath);
  const model = await QualityModel.load(MODEL);
  try {
    const report = await scanLibrary(store, model, photos, { thumbnailsDir: thumbnailsDirFor(dbPath) });
    expect(report.scored).toBe(7);
  } finally {
    await model.close();
  }
  // The scan hashes each photo from the image it already decoded; nothing is left to do here.
  expect(store.db.prepare('SELECT COUNT(*) AS n FROM photos WHERE dhash IS NOT NULL AND dhash_fingerprint = fingerprint').get()).toEqual({ n: 7 });
  expect(await ensurePerceptualHashes(store.db, thumbnailsDirFor(dbPath))).toEqual({ computed: 0, failed: [] });
});

afterAll(() => store?.close());

describe('bursts through the real pipeline', () => {
  it('groups the five near-identical shots and suggests the sharp one', () => {
    const suggestions = suggestBursts(candidatePhotos(store.db, store.latestModelId()));
    expect(suggestions).toHaveLength(1);
    const [burst] = suggestions;
    expect(burst!.frames.map((f) => path.basename(f.path)).sort()).toEqual(['burst_1.jpg', 'burst_2.jpg', 'burst_3.jpg', 'burst_4.jpg', 'burst_5.jpg']);
    expect(path.basename(burst!.best.path)).toBe('burst_3.jpg');
    expect(burst!.toReject).toHaveLength(4);
    // The soft frames are ranked after the sharp one, softest last.
    expect(path.basename(burst!.frames[burst!.frames.length - 1]!.path)).toBe('burst_5.jpg');
  });

  it('does not hash again what is already hashed', async () => {
    expect(await ensurePerceptualHashes(store.db, thumbnailsDirFor(path.join(dir, 'library.db')))).toEqual({ computed: 0, failed: [] });
  });

  it('"keep best, reject the rest" is one action that undo reverts, sidecars included', async () => {
    const decisions = new DecisionService(store.db);
    const suggestions = suggestBursts(candidatePhotos(store.db, store.latestModelId()));
    const outcome = await applyKeepBest(decisions, suggestions);
    expect(outcome.changed).toHaveLength(5);
    expect(outcome.sidecars.problems).toEqual([]);
    const sharpSidecar = path.join(dir, 'photos', 'burst_3.jpg.xmp');
    const softSidecar = path.join(dir, 'photos', 'burst_1.jpg.xmp');
    expect(propertyValues(fs.readFileSync(sharpSidecar, 'utf8'), NS.xmpDM, 'pick')).toEqual(['1']);
    expect(propertyValues(fs.readFileSync(softSidecar, 'utf8'), NS.xmp, 'Rating')).toEqual(['-1']);

    const undone = await undoLast(store, decisions);
    expect(undone.action?.label).toBe('keep best of 1 burst, reject 4');
    expect(undone.photos).toBe(5);
    const picks = candidatePhotos(store.db, store.latestModelId()).map((p) => p.pick);
    expect(picks.every((p) => p === 0)).toBe(true);
    expect(propertyValues(fs.readFileSync(softSidecar, 'utf8'), NS.xmp, 'Rating')).toEqual(['0']);
  });
});

describe('bursts as stacks in the grid (through the library service)', () => {
  const names = (rows: readonly { name: string }[]) => rows.map((r) => r.name).sort();

  it('lists one frame per burst, the best, standing for the others', async () => {
    const service = new LibraryService(store, { writeSidecars: false });
    const page = await service.queryPhotos({ collapseStacks: true, sort: 'name', order: 'asc', withTotal: true });
    expect(names(page.rows)).toEqual(['burst_3.jpg', 'much_later.jpg', 'other_scene.jpg']);
    expect(page.total).toBe(3);
    expect(await service.countPhotos({ collapseStacks: true })).toBe(3);
    const top = page.rows.find((r) => r.name === 'burst_3.jpg')!;
    expect(top.stack).toEqual({ id: top.id, size: 5, top: true, open: false });
    expect(page.rows.find((r) => r.name === 'other_scene.jpg')!.stack).toBeUndefined();
    // Without stacks every frame is listed, as before.
    expect((await service.queryPhotos({ withTotal: true })).total).toBe(7);
  });

  it('expands a stack on request, and its frames come best first', async () => {
    const service = new LibraryService(store, { writeSidecars: false });
    const { rows } = await service.queryPhotos({ collapseStacks: true, sort: 'name', order: 'asc' });
    const stackId = rows.find((r) => r.stack)!.stack!.id;
    const open = await service.queryPhotos({ collapseStacks: true, expandedStacks: [stackId], withTotal: true });
    expect(open.total).toBe(7);
    expect(open.rows.filter((r) => r.stack?.id === stackId)).toHaveLength(5);
    // Every frame, the top included, says its stack is open: the grid draws no pile for it.
    expect(open.rows.filter((r) => r.stack?.id === stackId).every((r) => r.stack!.open)).toBe(true);
    const frames = await service.stackFrames(stackId);
    expect(frames.map((f) => f.name)[0]).toBe('burst_3.jpg');
    expect(frames.map((f) => f.name)[frames.length - 1]).toBe('burst_5.jpg');
    await expect(service.stackFrames(999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("keeps an open stack's frames together after its top, in every sort, across pages", async () => {
    const service = new LibraryService(store, { writeSidecars: false });
    const { rows } = await service.queryPhotos({ collapseStacks: true });
    const stackId = rows.find((r) => r.stack)!.stack!.id;
    const frames = (await service.stackFrames(stackId)).map((f) => f.name);
    const open = { collapseStacks: true, expandedStacks: [stackId] } as const;
    for (const [sort, order, expected] of [
      // By name the soft frames would come before the sharp top and after it; by date, around it.
      ['name', 'asc', [...frames, 'much_later.jpg', 'other_scene.jpg']],
      ['name', 'desc', ['other_scene.jpg', 'much_later.jpg', ...frames]],
      ['date', 'asc', [...frames, 'other_scene.jpg', 'much_later.jpg']],
      ['date', 'desc', ['much_later.jpg', 'other_scene.jpg', ...frames]],
    ] as const) {
      const query = { ...open, sort, order };
      const whole = await service.queryPhotos({ ...query, withTotal: true });
      expect(whole.rows.map((r) => r.name), `${sort} ${order}`).toEqual(expected);
      expect(whole.total).toBe(7);
      // Pages of two cut through the stack; read one after another they give the same order.
      const paged: string[] = [];
      for (let offset = 0; offset < 7; offset += 2) paged.push(...(await service.queryPhotos({ ...query, offset, limit: 2 })).rows.map((r) => r.name));
      expect(paged).toEqual(expected);
      for (const [i, r] of whole.rows.entries()) expect(await service.photoPosition(query, r.id)).toBe(i);
    }
    expect(await service.countPhotos(open)).toBe(7);
  });

  it('keeps the best and rejects the rest in one undoable action; a filter never makes the stack vanish', async () => {
    const service = new LibraryService(store, { writeSidecars: false });
    const { rows } = await service.queryPhotos({ collapseStacks: true });
    const stackId = rows.find((r) => r.stack)!.stack!.id;
    const result = await service.keepBestOfStack(stackId);
    expect(result.label).toBe('keep best of 1 burst, reject 4');
    expect(result.changed).toHaveLength(5);
    // The rejects view still shows the burst, as one stack of its four rejects.
    const rejects = await service.queryPhotos({ collapseStacks: true, pick: 'rejected', withTotal: true });
    expect(rejects.total).toBe(1);
    expect(rejects.rows[0]!.stack).toMatchObject({ id: stackId, size: 4, top: true });
    const undone = await service.undo();
    expect(undone.changed).toHaveLength(5);
    expect((await service.queryPhotos({ pick: 'rejected', withTotal: true })).total).toBe(0);
  });
});
