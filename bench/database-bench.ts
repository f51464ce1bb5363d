import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { fingerprintBytes } from '../electron/core/decode/fingerprint.js';
import { ScanController } from '../electron/core/pipeline/scan-controller.js';
import { LibraryStore } from '../electron/core/store/library-store.js';
import { LibraryQueries } from '../electron/core/store/library-queries.js';
import type { ScoreRecord } from '../electron/core/store/types.js';
import { seedLibrary } from '../test/helpers/seed-library.js';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A deterministic pseudo-random sequence, so every run queries the same pages. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

function score(photoId: number, modelId: number, fingerprint: string, random: () => number): ScoreRecord {
  return {
    photoId,
    modelId,
    fingerprint,
    quality: random() * 100,
    distribution: new Float32Array([0.1, 0.2, 0.4, 0.2, 0.1]),
    mapWidth: 16,
    mapHeight: 11,
    qualityMap: new Uint8Array(176).fill(128),
    weightMap: new Uint8Array(176).fill(64),
    sharpness: random() * 60,
    exposureMean: random(),
    clippedHighlights: random() * 0.05,
    clippedShadows: random() * 0.05,
    noise: random() * 5,
  };
}

/** Sort by quality with a range filter, one page of 200, at random depths: p95 in ms. */
export function queryBench(workDir: string, rows: number): { p95Ms: number; medianMs: number; rows: number } {
  fs.rmSync(workDir, { recursive: true, force: true });
  const store = LibraryStore.open(path.join(workDir, 'library.db'));
  try {
    const random = lcg(42);
    const { modelId } = seedLibrary(store, rows, '/bench/photos');
    store.db.pragma('optimize');
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const lo = Math.floor(random() * 60);
      const t0 = performance.now();
      const page = new LibraryQueries(store.db).listRows({ modelId, sort: 'quality', order: i % 2 ? 'asc' : 'desc', minQuality: lo, maxQuality: lo + 40, limit: 200, offset: Math.floor(random() * 5000) });
      times.push(performance.now() - t0);
      if (page.length !== 200) throw new Error(`expected a full page, got ${page.length}`);
    }
    return { p95Ms: percentile(times, 95), medianMs: percentile(times, 50), rows };
  } finally {
    store.close();
  }
}

/**
 * A rescan of a library where nothing changed: every file must be recognised by size and mtime
 * and none read again. The library is seeded through the store as a finished scan would leave it.
 */
export async function rescanBench(workDir: string, files: number, modelPath: string, model: { name: string; version: string; fileHash: string }): Promise<{ seconds: number; analysed: number; files: number }> {
  const photos = path.join(workDir, 'photos');
  const marker = path.join(photos, '.complete');
  const tiny = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#6a7b8c' } }).jpeg().toBuffer();
  if (!fs.existsSync(marker)) {
    fs.rmSync(photos, { recursive: true, force: true });
    for (let i = 0; i < files; i++) {
      const dir = path.join(photos, `day-${String(Math.floor(i / 500)).padStart(2, '0')}`);
      if (i % 500 === 0) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `IMG_${String(i).padStart(5, '0')}.jpg`), tiny);
    }
    fs.writeFileSync(marker, '');
  }
  const dbPath = path.join(workDir, 'library.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  const store = LibraryStore.open(dbPath);
  const random = lcg(7);
  const fingerprint = fingerprintBytes(tiny);
  try {
    const root = store.addRoot(photos);
    const modelId = store.ensureModel(model);
    const facts = fs
      .readdirSync(photos, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.jpg'))
      .map((e) => {
        const full = path.join(e.parentPath, e.name);
        const st = fs.statSync(full);
        return { path: full, relPath: path.relative(photos, full).split(path.sep).join('/'), size: st.size, mtimeMs: st.mtimeMs };
      });
    const ids = store.upsertFiles(root.id, facts);
    store.transaction(() => {
      for (const f of facts) store.saveMetadata(ids.get(f.path)!, { fingerprint, format: 'jpeg', width: 64, height: 48, orientation: null, takenAt: null, camera: null, lens: null, iso: null, exposureTime: null, aperture: null, focalLength: null });
    });
    store.saveScores(facts.map((f) => score(ids.get(f.path)!, modelId, fingerprint, random)));
  } finally {
    store.close();
  }
  const controller = new ScanController({ dbPath, modelPath, thumbnailsDir: path.join(workDir, 'thumbnails') });
  try {
    // Wall time as the user waits for it: worker start and model load included.
    const t0 = performance.now();
    const report = await controller.scan(photos);
    return { seconds: (performance.now() - t0) / 1000, analysed: report.analysed, files: report.found };
  } finally {
    await controller.close();
  }
}
