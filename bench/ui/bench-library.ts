import fs from 'node:fs';
import path from 'node:path';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { scanLibrary } from '../../electron/core/pipeline/scan-library.js';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import type { FileFacts } from '../../electron/core/store/types.js';

const CAMERAS = ['Canon EOS R5', 'Nikon Z 8', 'Sony ILCE-7M4', 'FUJIFILM X-T5', 'Apple iPhone 15 Pro'];
const LENSES = ['RF24-70mm F2.8 L IS USM', 'NIKKOR Z 50mm f/1.8 S', 'FE 85mm F1.8', 'XF33mmF1.4 R LM WR', null];

/** A deterministic pseudo-random sequence, so every run benchmarks the same library. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A library of `count` photos written through the store API: a few real photos are scanned for
 * real thumbnails and a real model row, then synthetic rows reuse their fingerprints (so every
 * tile has a thumbnail to show) with varied scores, dates, cameras and folders.
 */
export async function buildBenchLibrary(dir: string, sourcePhotos: string[], modelPath: string, count: number): Promise<string> {
  const photosDir = path.join(dir, 'photos');
  fs.mkdirSync(photosDir, { recursive: true });
  for (const f of sourcePhotos) fs.copyFileSync(f, path.join(photosDir, path.basename(f)));
  const dbPath = path.join(dir, 'library', 'library.db');
  const store = LibraryStore.open(dbPath);
  const model = await QualityModel.load(modelPath, { intraOpThreads: 1 });
  try {
    const report = await scanLibrary(store, model, photosDir, { thumbnailsDir: path.join(path.dirname(dbPath), 'thumbnails') });
    const modelId = store.modelId(model.metadata.name, model.metadata.version)!;
    const fingerprints = (store.db.prepare('SELECT fingerprint FROM photos WHERE fingerprint IS NOT NULL').all() as { fingerprint: string }[]).map((r) => r.fingerprint);
    const rnd = random(42);
    const start = Date.UTC(2019, 0, 1);
    const span = Date.UTC(2026, 0, 1) - start;
    const batch = 5000;
    for (let from = 0; from < count; from += batch) {
      const files: FileFacts[] = [];
      for (let i = from; i < Math.min(count, from + batch); i++) {
        const folder = `${2019 + (i % 7)}/${String(1 + (i % 12)).padStart(2, '0')} shoot ${i % 40}`;
        const rel = `${folder}/IMG_${String(i).padStart(6, '0')}.JPG`;
        files.push({ path: path.join(photosDir, rel), relPath: rel, size: 4_000_000 + i, mtimeMs: start + i });
      }
      const ids = store.upsertFiles(report.root.id, files);
      store.transaction(() => {
        const scores = [];
        for (const f of files) {
          const id = ids.get(f.path)!;
          const camera = CAMERAS[Math.floor(rnd() * CAMERAS.length)]!;
          store.saveMetadata(id, {
            fingerprint: fingerprints[id % fingerprints.length]!,
            format: 'jpeg',
            width: 6000,
            height: 4000,
            orientation: 1,
            takenAt: start + Math.floor(rnd() * span),
            camera,
            lens: LENSES[Math.floor(rnd() * LENSES.length)] ?? null,
            iso: 100 * 2 ** Math.floor(rnd() * 6),
            exposureTime: 1 / 2 ** Math.floor(rnd() * 10),
            aperture: 1.4 * Math.SQRT2 ** Math.floor(rnd() * 6),
            focalLength: 24 + Math.floor(rnd() * 100),
          });
          const q = Math.min(100, Math.max(0, 55 + (rnd() + rnd() + rnd() - 1.5) * 40));
          scores.push({
            photoId: id,
            modelId,
            fingerprint: fingerprints[id % fingerprints.length]!,
            quality: q,
            distribution: new Float32Array([0.1, 0.2, 0.4, 0.2, 0.1]),
            mapWidth: 4,
            mapHeight: 3,
            qualityMap: new Uint8Array(12).fill(Math.round(q * 2.55)),
            weightMap: new Uint8Array(12).fill(255),
            sharpness: 5 + rnd() * 90,
            exposureMean: 0.1 + rnd() * 0.8,
            clippedHighlights: rnd() * 0.15,
            clippedShadows: rnd() * 0.3,
            noise: rnd() * 4,
          });
        }
        store.saveScores(scores);
        // Some decisions already made, as in a library mid-cull: filters by flag have rows to show.
        const decide = store.db.prepare('UPDATE photos SET pick = ?, rating = ? WHERE id = ?');
        for (const f of files) {
          const r = rnd();
          if (r < 0.15) decide.run(r < 0.05 ? -1 : 1, r < 0.05 ? 0 : 1 + Math.floor(rnd() * 5), ids.get(f.path)!);
        }
      });
    }
    store.db.pragma('optimize');
  } finally {
    await model.close();
    store.close();
  }
  return dbPath;
}
