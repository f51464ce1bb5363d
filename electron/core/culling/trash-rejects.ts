import { errorMessage } from '../errors.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import fs from 'node:fs/promises';
import { FileJournal } from '../store/file-journal.js';
import type { LibraryStore } from '../store/library-store.js';
import { rejectedPhotos } from '../store/move-store.js';

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
export async function trashRejects(store: LibraryStore, trashItem: TrashItem, locator = new SidecarLocator()): Promise<TrashReport> {
  const journal = new FileJournal(store.db);
  const problems: { path: string; message: string }[] = [];
  let trashed = 0;
  for (const photo of rejectedPhotos(store.db)) {
    const companions = await locator.companions(photo.place.path).catch(() => [] as string[]);
    // The photo goes first and its sidecars (and paired RAW) after; a kill in between is finished
    // at the next start.
    const entry = journal.begin(photo.id, { kind: 'trash', files: [photo.place.path, ...companions] });
    try {
      await trashItem(photo.place.path);
      for (const s of companions) await trashItem(s);
      trashed++;
    } catch (err) {
      problems.push({ path: photo.place.path, message: errorMessage(err) });
    }
    const gone = !(await present(photo.place.path));
    store.transaction(() => {
      if (gone) store.flagMissing(photo.id);
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
