import type { Database } from 'better-sqlite3';
import path from 'node:path';
import type { LibraryStore } from './library-store.js';

/** Where a photo row says its file is. */
export interface PhotoPlace {
  readonly rootId: number;
  readonly path: string;
  readonly relPath: string;
}

export interface MoveRecord {
  readonly photoId: number;
  readonly from: PhotoPlace;
  readonly to: PhotoPlace;
  /** Sidecar files moved with the photo, [from, to]. */
  readonly sidecars: [string, string][];
}

/** Rejected photos that are present, with the place each row records. */
export function rejectedPhotos(db: Database): { id: number; place: PhotoPlace }[] {
  const rows = db.prepare('SELECT id, root_id, path, rel_path FROM photos WHERE pick = -1 AND missing = 0 ORDER BY path').all() as {
    id: number;
    root_id: number;
    path: string;
    rel_path: string;
  }[];
  return rows.map((r) => ({ id: r.id, place: { rootId: r.root_id, path: r.path, relPath: r.rel_path } }));
}

/**
 * The library root a moved file belongs to: the innermost existing root that contains it, or the
 * destination folder itself, to be added as a root when the move happens (id null until then).
 * Either way a later scan of the old root does not flag the moved photo missing, and a scan of
 * its new folder finds the same row by path.
 */
export function rootFor(store: LibraryStore, folder: string): { id: number | null; path: string } {
  const abs = path.resolve(folder);
  const containing = store
    .roots()
    .filter((r) => abs === r.path || abs.startsWith(r.path + path.sep))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return containing ?? { id: null, path: abs };
}

/** Points a photo row at its file's new place; id, decisions and scores stay. */
export function relocatePhoto(db: Database, photoId: number, place: PhotoPlace, now = Date.now()): void {
  const rel = place.relPath;
  const slash = rel.lastIndexOf('/');
  db.prepare('UPDATE photos SET root_id = ?, path = ?, rel_path = ?, name = ?, folder = ?, missing = 0, updated_at = ? WHERE id = ?').run(
    place.rootId,
    place.path,
    rel,
    rel.slice(slash + 1),
    slash < 0 ? '' : rel.slice(0, slash),
    now,
    photoId,
  );
}

/** A photo whose file is gone keeps its row, decisions and scores, flagged missing. */
export function flagMissing(db: Database, photoId: number, now = Date.now()): void {
  db.prepare('UPDATE photos SET missing = 1, updated_at = ? WHERE id = ?').run(now, photoId);
}

export function saveMoveRecord(db: Database, actionId: number, m: MoveRecord): void {
  db.prepare(
    `INSERT INTO history_moves (action_id, photo_id, old_root_id, old_path, old_rel_path, new_root_id, new_path, new_rel_path, sidecars)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(actionId, m.photoId, m.from.rootId, m.from.path, m.from.relPath, m.to.rootId, m.to.path, m.to.relPath, JSON.stringify(m.sidecars));
}

export function moveRecords(db: Database, actionId: number): MoveRecord[] {
  const rows = db.prepare('SELECT * FROM history_moves WHERE action_id = ? ORDER BY photo_id').all(actionId) as {
    photo_id: number;
    old_root_id: number;
    old_path: string;
    old_rel_path: string;
    new_root_id: number;
    new_path: string;
    new_rel_path: string;
    sidecars: string;
  }[];
  return rows.map((r) => ({
    photoId: r.photo_id,
    from: { rootId: r.old_root_id, path: r.old_path, relPath: r.old_rel_path },
    to: { rootId: r.new_root_id, path: r.new_path, relPath: r.new_rel_path },
    sidecars: JSON.parse(r.sidecars) as [string, string][],
  }));
}

export function deleteAction(db: Database, actionId: number): void {
  db.prepare('DELETE FROM history_actions WHERE id = ?').run(actionId);
}
