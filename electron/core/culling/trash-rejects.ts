import type { Database } from 'better-sqlite3';
import { errorMessage } from '../errors.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import fs from 'node:fs/promises';
import { writeTransaction } from '../store/write-transaction.js';
import { FileJournal } from './file-journal.js';
import { flagMissing, rejectedPhotos } from './move-store.js';

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
  const journal = new FileJournal(db);
  const problems: { path: string; message: string }[] = [];
  let trashed = 0;
  for (const photo of rejectedPhotos(db)) {
    const sidecars = await locator.existing(photo.place.path).catch(() => [] as string[]);
    // The photo goes first and its sidecars after; a kill in between is finished at the next start.
    const entry = journal.begin(photo.id, { kind: 'trash', files: [photo.place.path, ...sidecars] });
    try {
      await trashItem(photo.place.path);
      for (const s of sidecars) await trashItem(s);
      trashed++;
    } catch (err) {
      problems.push({ path: photo.place.path, message: errorMessage(err) });
    }
    const gone = !(await present(photo.place.path));
    writeTransaction(db, () => {
      if (gone) flagMissing(db, photo.id);
      journal.end(entry);
    });
  }
  return { trashed, problems };
}

async function present(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}
