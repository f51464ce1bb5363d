import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_MODEL_SQL, LibraryStore } from '../../electron/core/store/library-store.js';
import { LibraryQueries } from '../../electron/core/store/library-queries.js';
import { SCHEMA_VERSION, migrations } from '../../electron/core/store/migrations.js';
import { WinnowError } from '../../electron/core/errors.js';
import { dequantiseMap, quantiseMap } from '../../electron/core/store/map-codec.js';
import { tempDir } from '../helpers/paths.js';

function seed(store: LibraryStore, n: number) {
  const root = store.addRoot('/photos');
  const files = Array.from({ length: n }, (_, i) => ({ path: `/photos/p${String(i).padStart(6, '0')}.jpg`, relPath: `p${String(i).padStart(6, '0')}.jpg`, size: 1000 + i, mtimeMs: 1_700_000_000_000 + i }));
  const ids = store.upsertFiles(root.id, files);
  const modelId = store.ensureModel({ name: 'm', version: '1', fileHash: 'abc' });
  store.saveScores(
    files.map((f, i) => ({
      photoId: ids.get(f.path)!,
      modelId,
      fingerprint: `fp${i}`,
      quality: (i * 37) % 101,
      distribution: new Float32Array([0.1, 0.2, 0.4, 0.2, 0.1]),
      mapWidth: 2,
      mapHeight: 1,
      qualityMap: new Uint8Array([1, 2]),
      weightMap: new Uint8Array([3, 4]),
      sharpness: i % 50,
      exposureMean: 0.5,
      clippedHighlights: 0,
      clippedShadows: 0,
      noise: 1,
    })),
  );
  return { root, ids, modelId, files };
}

describe('LibraryStore', () => {
  it('migrates a new database to the current schema in WAL mode, and reopens without migrating again', () => {
    const file = path.join(tempDir(), 'lib.db');
    LibraryStore.open(file).close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const again = LibraryStore.open(file);
    expect(again.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    again.close();
  });

  it('walks an older database forward one version at a time, clearing perceptual hashes made the old way (v5)', () => {
    const file = path.join(tempDir(), 'v4.db');
    const raw = new Database(file);
    for (const step of migrations.slice(0, 4)) step(raw);
    raw.pragma('user_version = 4');
    raw.prepare('INSERT INTO roots (path, added_at) VALUES (?, 0)').run('/photos');
    raw
      .prepare(`INSERT INTO photos (root_id, path, rel_path, name, folder, size, mtime_ms, fingerprint, added_at, updated_at, dhash, dhash_fingerprint)
                VALUES (1, '/photos/a.jpg', 'a.jpg', 'a.jpg', '', 1, 0, 'f', 0, 0, 'ffffffffffffffff', 'f')`)
      .run();
    raw.close();
    const store = LibraryStore.open(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.prepare('SELECT dhash, dhash_fingerprint, fingerprint FROM photos').get()).toEqual({ dhash: null, dhash_fingerprint: null, fingerprint: 'f' });
    store.close();
  });

  it('refuses a database from a newer Winnow and a file that is not a database, with clear errors', () => {
    const dir = tempDir();
    const newer = path.join(dir, 'newer.db');
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => LibraryStore.open(newer)).toThrow(/newer than this Winnow/);

    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'definitely not sqlite '.repeat(400));
    let error: unknown;
    try {
      LibraryStore.open(junk);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WinnowError);
    expect((error as WinnowError).code).toBe('DB_UNREADABLE');
  });

  it('keeps ids and decisions across rescans and flags vanished files as missing instead of deleting them', () => {
    const store = LibraryStore.open(path.join(tempDir(), 'lib.db'));
    const { root, ids, files } = seed(store, 3);
    const first = ids.get(files[0]!.path)!;
    store.db.prepare('UPDATE photos SET rating = 4, pick = 1 WHERE id = ?').run(first);

    expect(store.markMissing(root.id, new Set([files[1]!.path, files[2]!.path]))).toBe(1);
    const again = store.upsertFiles(root.id, [{ ...files[0]!, size: 5 }]);
    expect(again.get(files[0]!.path)).toBe(first);
    const row = store.db.prepare('SELECT rating, pick, missing, size FROM photos WHERE id = ?').get(first);
    expect(row).toEqual({ rating: 4, pick: 1, missing: 0, size: 5 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM photos').get()).toEqual({ n: 3 });
    store.close();
  });

  it('sorts and filters by score through the index, returning a page in order', () => {
    const store = LibraryStore.open(path.join(tempDir(), 'lib.db'));
    const { modelId } = seed(store, 500);
    const page = new LibraryQueries(store.db).listRows({ modelId, sort: 'quality', order: 'desc', minQuality: 20, maxQuality: 60, limit: 50 });
    expect(page).toHaveLength(50);
    const qualities = page.map((p) => p.quality!);
    expect(qualities.every((q) => q >= 20 && q <= 60)).toBe(true);
    expect([...qualities].sort((a, b) => b - a)).toEqual(qualities);

    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT p.id FROM scores s JOIN photos p ON p.id = s.photo_id AND s.model_id = 1
          WHERE p.missing = 0 AND s.quality >= 20 AND s.quality <= 60 ORDER BY s.quality DESC LIMIT 50`,
      )
      .all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join('\n')).toMatch(/USING (COVERING )?INDEX scores_quality/);
    expect(plan.map((r) => r.detail).join('\n')).not.toMatch(/TEMP B-TREE/);

    const byName = new LibraryQueries(store.db).listRows({ modelId, sort: 'name', order: 'asc', limit: 3 });
    expect(byName.map((p) => p.name)).toEqual(['p000000.jpg', 'p000001.jpg', 'p000002.jpg']);
    store.close();
  });

  it('pages through a sorted list without losing or repeating a photo, ties included', () => {
    const store = LibraryStore.open(path.join(tempDir(), 'lib.db'));
    const { modelId } = seed(store, 500); // 101 quality values over 500 photos: many ties
    for (const sort of ['quality', 'sharpness', 'name', 'date'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const query = { modelId, sort, order, minQuality: 10, maxQuality: 90 };
        const all = new LibraryQueries(store.db).listRows(query).map((p) => p.id);
        const paged: number[] = [];
        for (let offset = 0; offset < all.length; offset += 37) paged.push(...new LibraryQueries(store.db).listRows({ ...query, limit: 37, offset }).map((p) => p.id));
        expect(all.length).toBeGreaterThan(350);
        expect(paged).toEqual(all);
      }
    }
    store.close();
  });

  it('drops scores of a model whose weights changed under the same name and version', () => {
    const store = LibraryStore.open(path.join(tempDir(), 'lib.db'));
    const { modelId } = seed(store, 5);
    expect(store.ensureModel({ name: 'm', version: '1', fileHash: 'abc' })).toBe(modelId);
    expect(store.counts(modelId).scored).toBe(5);
    expect(store.ensureModel({ name: 'm', version: '1', fileHash: 'different' })).toBe(modelId);
    expect(store.counts(modelId).scored).toBe(0);
    store.close();
  });

  it('finds the model scored most recently from one index entry, not a sort of every score (asked after each write a scan reports)', () => {
    const store = LibraryStore.open(path.join(tempDir(), 'lib.db'));
    const { ids, modelId } = seed(store, 20);
    const newer = store.ensureModel({ name: 'm', version: '2', fileHash: 'def' });
    const [first] = [...ids.values()];
    const record = { photoId: first!, modelId: newer, fingerprint: 'fp0', quality: 50, distribution: new Float32Array([0.2, 0.2, 0.2, 0.2, 0.2]), mapWidth: 1, mapHeight: 1, qualityMap: new Uint8Array([1]), weightMap: new Uint8Array([1]), sharpness: 1, exposureMean: 0.5, clippedHighlights: 0, clippedShadows: 0, noise: 1 };
    store.saveScores([record], Date.now() + 1000);
    expect(store.latestModelId()).toBe(newer);
    store.saveScores([{ ...record, modelId }], Date.now() + 2000);
    expect(store.latestModelId()).toBe(modelId);

    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${LATEST_MODEL_SQL}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING COVERING INDEX scores_scored_at/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    store.close();
  });

  it('stores maps in one byte per cell within half a step of the original', () => {
    const values = new Float32Array([0, 12.5, 50, 99.9, 100]);
    const q = quantiseMap(values, 5, 1, 0, 100);
    const back = dequantiseMap(q.bytes, 0, 100);
    for (let i = 0; i < values.length; i++) expect(Math.abs(back[i]! - values[i]!)).toBeLessThanOrEqual(100 / 255 / 2 + 1e-6);
  });
});
