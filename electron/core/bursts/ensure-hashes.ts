import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import { thumbnailPath } from '../decode/decode-photo.js';
import { errorMessage } from '../errors.js';
import { dHash } from './dhash.js';
import { photosNeedingHash, saveHashes } from '../store/hash-store.js';

export interface HashReport {
  readonly computed: number;
  readonly failed: { path: string; message: string }[];
}

export interface HashOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Computes the perceptual hash of every photo that lacks one, so bursts work on a library scanned
 * before hashes existed. The cached thumbnail is used when there is one: it is already oriented and
 * a few KB to decode instead of megabytes. Results are saved in batches, so stopping keeps them.
 */
export async function ensurePerceptualHashes(db: Database, thumbnailsDir: string, options: HashOptions = {}): Promise<HashReport> {
  const work = photosNeedingHash(db);
  const failed: { path: string; message: string }[] = [];
  let batch: { id: number; fingerprint: string; dhash: string }[] = [];
  let computed = 0;
  for (let i = 0; i < work.length && !options.signal?.aborted; i++) {
    const photo = work[i]!;
    const thumb = thumbnailPath(thumbnailsDir, photo.fingerprint);
    try {
      batch.push({ id: photo.id, fingerprint: photo.fingerprint, dhash: await dHash(fs.existsSync(thumb) ? thumb : photo.path) });
      computed++;
    } catch (err) {
      failed.push({ path: photo.path, message: errorMessage(err) });
    }
    if (batch.length >= 64) {
      saveHashes(db, batch);
      batch = [];
    }
    options.onProgress?.(i + 1, work.length);
  }
  saveHashes(db, batch);
  return { computed, failed };
}
