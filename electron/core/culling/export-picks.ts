import fs from 'node:fs/promises';
import path from 'node:path';
import { DecisionStore } from '../store/decision-store.js';
import { errorMessage } from '../errors.js';
import type { LibraryStore } from '../store/library-store.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import { FileJournal } from '../store/file-journal.js';
import { copyFileDurably, freeDestination, isSameCopy, sidecarDestination } from './file-moves.js';

export interface ExportProgress {
  readonly done: number;
  readonly total: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly current: string;
}

export interface ExportReport {
  readonly copied: number;
  readonly sidecars: number;
  readonly bytes: number;
  readonly problems: { path: string; message: string }[];
}

/**
 * Copies the picked photos, each with its sidecars, into a folder: originals untouched, nothing in
 * the target replaced (a taken name gets " (2)"), and paths kept below the library root so two
 * "IMG_0001.JPG" from different cards stay apart. Each copy is written whole under a temporary
 * name before it takes its final one, and is journalled, so a killed export leaves no partial
 * file and running it again completes it without duplicates. Photos themselves are not changed.
 */
export async function exportPicks(
  store: LibraryStore,
  targetFolder: string,
  options: { signal?: AbortSignal; onProgress?: (p: ExportProgress) => void; locator?: SidecarLocator } = {},
): Promise<ExportReport> {
  const target = path.resolve(targetFolder);
  const locator = options.locator ?? new SidecarLocator();
  const picks = new DecisionStore(store.db).photosWithPick(1);
  const relPaths = store.pickedRelativePaths();
  const sizes = await Promise.all(picks.map((p) => fs.stat(p.path).then((s) => s.size, () => 0)));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  const planned = new Set<string>();
  const journal = new FileJournal(store.db);
  const problems: { path: string; message: string }[] = [];
  let copied = 0;
  let sidecars = 0;
  let bytes = 0;
  for (const [i, photo] of picks.entries()) {
    if (options.signal?.aborted) break;
    options.onProgress?.({ done: i, total: picks.length, bytesDone: bytes, bytesTotal, current: photo.path });
    try {
      const wanted = path.join(target, ...(relPaths.get(photo.photoId) ?? path.basename(photo.path)).split('/'));
      // A whole copy left by an earlier (perhaps killed) export is this photo's copy, not a name taken.
      const again = await isSameCopy(photo.path, wanted);
      if (again) planned.add(wanted);
      const to = again ? wanted : await freeDestination(wanted, planned);
      const files: [string, string][] = [[photo.path, to], ...(await locator.companions(photo.path)).map((s): [string, string] => [s, sidecarDestination(s, photo.path, to)])];
      const entry = journal.begin(photo.photoId, { kind: 'export', files });
      try {
        for (const [i, [from, copy]] of files.entries()) {
          if (await isSameCopy(from, copy)) continue;
          // A sidecar beside this photo's own earlier copy is that export's: bring it up to date.
          if (i > 0 && again) await fs.rm(copy, { force: true });
          await copyFileDurably(from, copy);
          if (i > 0) sidecars++;
        }
      } finally {
        store.transaction(() => journal.end(entry));
      }
      copied++;
      bytes += sizes[i]!;
    } catch (err) {
      problems.push({ path: photo.path, message: errorMessage(err) });
    }
  }
  options.onProgress?.({ done: copied + problems.length, total: picks.length, bytesDone: bytes, bytesTotal, current: '' });
  return { copied, sidecars, bytes, problems };
}
