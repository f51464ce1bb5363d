import { errorMessage } from '../errors.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
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
  const problems: { path: string; message: string }[] = [];
  let trashed = 0;
  for (const photo of rejectedPhotos(store.db)) {
    try {
      const sidecars = await locator.companions(photo.place.path);
      await trashItem(photo.place.path);
      store.flagMissing(photo.id);
      trashed++;
      for (const s of sidecars) await trashItem(s);
    } catch (err) {
      problems.push({ path: photo.place.path, message: errorMessage(err) });
    }
  }
  return { trashed, problems };
}
