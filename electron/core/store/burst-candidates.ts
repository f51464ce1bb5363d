import type { Database } from 'better-sqlite3';
import type { PickFlag } from '../../shared/decisions.js';

/** A photo as burst grouping and auto-cull see it. */
export interface CandidatePhoto {
  readonly id: number;
  readonly path: string;
  /** Capture time in ms (camera wall clock), null when the photo has none. */
  readonly takenAt: number | null;
  readonly dhash: string | null;
  readonly quality: number | null;
  readonly sharpness: number | null;
  readonly pick: PickFlag;
  readonly rating: number;
}

/**
 * Present photos with their scores under one model, in capture order (photos without a time last).
 * `groupableOnly` leaves out photos that can never join a burst (no capture time or no current
 * hash), which the grid's stacks need on every library change and a 100,000-photo library makes dear.
 */
export function candidatePhotos(db: Database, modelId: number | null, rootId?: number, groupableOnly = false): CandidatePhoto[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.path, p.taken_at, p.pick, p.rating, s.quality, s.sharpness,
              CASE WHEN p.dhash_fingerprint IS p.fingerprint THEN p.dhash END AS dhash
         FROM photos p LEFT JOIN scores s ON s.photo_id = p.id AND s.model_id = @modelId
        WHERE p.missing = 0 ${rootId === undefined ? '' : 'AND p.root_id = @rootId'}
          ${groupableOnly ? 'AND p.taken_at IS NOT NULL AND p.dhash IS NOT NULL AND p.dhash_fingerprint IS p.fingerprint' : ''}
        ORDER BY p.taken_at IS NULL, p.taken_at, p.path`,
    )
    .all({ modelId: modelId ?? -1, ...(rootId === undefined ? {} : { rootId }) }) as {
    id: number;
    path: string;
    taken_at: number | null;
    pick: PickFlag;
    rating: number;
    quality: number | null;
    sharpness: number | null;
    dhash: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    path: r.path,
    takenAt: r.taken_at,
    dhash: r.dhash,
    quality: r.quality,
    sharpness: r.sharpness,
    pick: r.pick,
    rating: r.rating,
  }));
}
