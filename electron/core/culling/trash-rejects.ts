import type { Database } from 'better-sqlite3';
import { errorMessage } from '../errors.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import { rejectedPhotos } from './move-store.js';

/** Moves one file to the system trash; the desktop app passes Electron's shell.trashItem. */
export type TrashItem = (file: string) => Promise<void>;

export interface TrashReport {
  readonly trashed: number;
  readonly problems: { path: string; message: string }[];
}

/**
 * Sends the rejects and their sidecars to the system trash through an injected function, so the
 * core never depends on Electron. Rows are kept (flagged missing, decisions intact), so restoring
 * from the trash and rescanning brings a photo back as it was. Winnow cannot undo this itself:
 * the trash is the operating system's, and restoring happens there.
 */
export async function trashRejects(db: Database, trashItem: TrashItem, locator = new SidecarLocator()): Promise<TrashReport> {
  const flag = db.prepare('UPDATE photos SET missing = 1, updated_at = ? WHERE id = ?');
  const problems: { path: string; message: string }[] = [];
  let trashed = 0;
  for (const photo of rejectedPhotos(db)) {
    try {
      const sidecars = await locator.companions(photo.place.path);
      await trashItem(photo.place.path);
      flag.run(Date.now(), photo.id);
      trashed++;
      for (const s of sidecars) await trashItem(s);
    } catch (err) {
      problems.push({ path: photo.place.path, message: errorMessage(err) });
    }
  }
  return { trashed, problems };
}
