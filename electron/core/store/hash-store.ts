import type { Database } from 'better-sqlite3';
import { writeTransaction } from './write-transaction.js';

export interface HashWork {
  readonly id: number;
  readonly path: string;
  readonly fingerprint: string;
}

/** Present photos whose perceptual hash is absent or was computed from older content. */
export function photosNeedingHash(db: Database): HashWork[] {
  return db
    .prepare(
      `SELECT id, path, fingerprint FROM photos
        WHERE missing = 0 AND fingerprint IS NOT NULL AND (dhash IS NULL OR dhash_fingerprint IS NOT fingerprint)
        ORDER BY id`,
    )
    .all() as HashWork[];
}

export function saveHashes(db: Database, hashes: readonly { id: number; fingerprint: string; dhash: string }[]): void {
  const put = db.prepare('UPDATE photos SET dhash = ?, dhash_fingerprint = ? WHERE id = ?');
  writeTransaction(db, () => {
    for (const h of hashes) put.run(h.dhash, h.fingerprint, h.id);
  });
}
