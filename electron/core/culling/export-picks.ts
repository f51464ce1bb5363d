import fs from 'node:fs/promises';
import path from 'node:path';
import { DecisionStore } from '../store/decision-store.js';
import { errorMessage } from '../errors.js';
import type { LibraryStore } from '../store/library-store.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import { copyFileDurably, freeDestination, sidecarDestination } from './file-moves.js';

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
 * "IMG_0001.JPG" from different cards stay apart. The library itself is not changed.
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
  const problems: { path: string; message: string }[] = [];
  let copied = 0;
  let sidecars = 0;
  let bytes = 0;
  for (const [i, photo] of picks.entries()) {
    if (options.signal?.aborted) break;
    options.onProgress?.({ done: i, total: picks.length, bytesDone: bytes, bytesTotal, current: photo.path });
    try {
      const to = await freeDestination(path.join(target, ...(relPaths.get(photo.photoId) ?? path.basename(photo.path)).split('/')), planned);
      await copyFileDurably(photo.path, to);
      for (const sidecar of await locator.companions(photo.path)) {
        await copyFileDurably(sidecar, sidecarDestination(sidecar, photo.path, to));
        sidecars++;
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
