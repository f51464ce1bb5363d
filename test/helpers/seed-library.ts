import { LibraryStore } from '../../electron/core/store/library-store.js';

/**
 * Fills a library with `rows` synthetic photos and scores, as a long-used library would look,
 * without decoding anything: for load tests and benchmarks that need size, not pixels.
 */
export function seedLibrary(store: LibraryStore, rows: number, rootPath = '/seeded/photos'): { modelId: number; ids: number[] } {
  const root = store.addRoot(rootPath);
  const modelId = store.ensureModel({ name: 'seeded', version: '1', fileHash: 'seeded' });
  const ids: number[] = [];
  let s = 99;
  const random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  for (let start = 0; start < rows; start += 5000) {
    const files = Array.from({ length: Math.min(5000, rows - start) }, (_, i) => {
      const rel = `${2000 + ((start + i) % 25)}/IMG_${String(start + i).padStart(6, '0')}.jpg`;
      return { path: `${rootPath}/${rel}`, relPath: rel, size: 4_000_000 + start + i, mtimeMs: 1.7e12 + (start + i) * 1000 };
    });
    const map = store.upsertFiles(root.id, files);
    store.saveScores(
      files.map((f) => ({
        photoId: map.get(f.path)!,
        modelId,
        fingerprint: `seed${f.size}`,
        quality: random() * 100,
        distribution: new Float32Array(5).fill(0.2),
        mapWidth: 4,
        mapHeight: 3,
        qualityMap: new Uint8Array(12).fill(128),
        weightMap: new Uint8Array(12).fill(64),
        sharpness: random() * 50,
        exposureMean: random(),
        clippedHighlights: 0,
        clippedShadows: 0,
        noise: random() * 4,
      })),
    );
    ids.push(...map.values());
  }
  return { modelId, ids };
}
