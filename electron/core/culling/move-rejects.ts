import fs from 'node:fs/promises';
import path from 'node:path';
import { DecisionStore } from '../store/decision-store.js';
import { errorMessage, WinnowError } from '../errors.js';
import type { LibraryStore } from '../store/library-store.js';
import { SidecarLocator } from '../xmp/sidecar-locator.js';
import { FileJournal } from '../store/file-journal.js';
import { freeDestination, moveFile, sidecarDestination } from './file-moves.js';
import { deleteAction, moveRecords, rejectedPhotos, relocatePhoto, rootFor, saveMoveRecord, type MoveRecord } from '../store/move-store.js';

export interface MovePlan {
  readonly targetFolder: string;
  readonly moves: MoveRecord[];
  readonly bytes: number;
}

export interface MoveProblem {
  readonly path: string;
  readonly message: string;
}

export interface MoveReport {
  /** The history entry ("undo" moves the files back); null when nothing moved. */
  readonly actionId: number | null;
  readonly moved: number;
  readonly problems: MoveProblem[];
}

export type MoveProgress = (done: number, total: number, current: string) => void;

/**
 * What moving the rejects to a folder would do, for the user to confirm: each photo keeps its path
 * below its library root (so same-named files from different folders do not meet), and a name
 * already taken gets " (2)". Sidecars travel with their photo.
 */
export async function planRejectMove(store: LibraryStore, targetFolder: string, locator = new SidecarLocator()): Promise<MovePlan> {
  const target = path.resolve(targetFolder);
  const root = rootFor(store, target);
  const planned = new Set<string>();
  const moves: MoveRecord[] = [];
  let bytes = 0;
  for (const photo of rejectedPhotos(store.db)) {
    if (photo.place.path.startsWith(target + path.sep)) continue; // already there
    const to = await freeDestination(path.join(target, ...photo.place.relPath.split('/')), planned);
    const sidecars = (await locator.companions(photo.place.path)).map((s): [string, string] => [s, sidecarDestination(s, photo.place.path, to)]);
    bytes += (await fs.stat(photo.place.path).catch(() => ({ size: 0 }))).size;
    // A root id of 0 stands for "the target folder, added as a root once the user confirms".
    moves.push({ photoId: photo.id, from: photo.place, to: { rootId: root.id ?? 0, path: to, relPath: path.relative(root.path, to).split(path.sep).join('/') }, sidecars });
  }
  return { targetFolder: target, moves, bytes };
}

/** Moves the planned files and records them as one undoable action; each photo is done or left whole. */
export async function executeMove(store: LibraryStore, plan: MovePlan, onProgress?: MoveProgress): Promise<MoveReport> {
  const decisions = new DecisionStore(store.db);
  const { actionId, moves } = store.transaction(() => {
    const rootId = plan.moves.some((m) => m.to.rootId === 0) ? store.addRoot(plan.targetFolder).id : 0;
    const resolved = plan.moves.map((m) => (m.to.rootId === 0 ? { ...m, to: { ...m.to, rootId } } : m));
    return { actionId: decisions.beginAction('move', `move ${plan.moves.length} rejects to ${plan.targetFolder}`), moves: resolved };
  });
  const report = await relocate(store, moves, 'forward', actionId, onProgress);
  if (report.moved === 0) store.transaction(() => deleteAction(store.db, actionId));
  return { ...report, actionId: report.moved === 0 ? null : actionId };
}

/** Undo (files back where they were) or redo (moved again) of a recorded move action. */
export async function revertMove(store: LibraryStore, actionId: number, direction: 'undo' | 'redo', onProgress?: MoveProgress): Promise<MoveReport> {
  const records = moveRecords(store.db, actionId);
  const report = await relocate(store, direction === 'undo' ? [...records].reverse() : records, direction === 'undo' ? 'back' : 'forward', null, onProgress);
  // Only a complete revert flips the action; after a partial one, running it again finishes the rest.
  if (report.problems.length === 0) store.transaction(() => new DecisionStore(store.db).markUndone(actionId, direction === 'undo'));
  return { ...report, actionId };
}

async function relocate(store: LibraryStore, records: readonly MoveRecord[], way: 'forward' | 'back', recordUnder: number | null, onProgress?: MoveProgress): Promise<MoveReport> {
  const journal = new FileJournal(store.db);
  const problems: MoveProblem[] = [];
  let moved = 0;
  for (const [i, record] of records.entries()) {
    const from = way === 'forward' ? record.from : record.to;
    const to = way === 'forward' ? record.to : record.from;
    const sidecars = record.sidecars.map(([a, b]): [string, string] => (way === 'forward' ? [a, b] : [b, a]));
    onProgress?.(i, records.length, from.path);
    // Journalled before the first file moves: a kill from here on is finished or rolled back at
    // the next start (see recover-library.ts).
    const entry = journal.begin(record.photoId, {
      kind: 'move',
      files: [[from.path, to.path], ...sidecars],
      to,
      actionId: recordUnder,
      history: recordUnder === null ? null : { from: record.from, to: record.to, sidecars: record.sidecars },
    });
    try {
      await moveWithSidecars(from.path, to.path, sidecars);
      store.transaction(() => {
        relocatePhoto(store.db, record.photoId, to);
        if (recordUnder !== null) saveMoveRecord(store.db, recordUnder, record);
        journal.end(entry);
      });
      moved++;
    } catch (err) {
      // moveWithSidecars has put back whatever it moved: the unit is where it was.
      store.transaction(() => journal.end(entry));
      problems.push({ path: from.path, message: errorMessage(err) });
    }
  }
  onProgress?.(records.length, records.length, '');
  return { actionId: null, moved, problems };
}

/**
 * Moves a photo and its sidecars as a unit: if any file fails, those already moved go back, so a
 * photo is never separated from its sidecar. A unit found already at its destination (a previous,
 * interrupted run) counts as moved.
 */
export async function moveWithSidecars(photoFrom: string, photoTo: string, sidecars: readonly [string, string][]): Promise<void> {
  const pairs: [string, string][] = [[photoFrom, photoTo], ...sidecars];
  const present = await Promise.all(pairs.map(async ([a, b]) => ({ a: await isFile(a), b: await isFile(b) })));
  if (present.every((p) => !p.a && p.b)) return;
  if (!present[0]!.a) throw new WinnowError('SOURCE_MISSING', `${photoFrom} is not there any more`);
  const done: [string, string][] = [];
  try {
    for (const [i, [a, b]] of pairs.entries()) {
      if (!present[i]!.a) continue; // already moved, or a sidecar someone deleted since
      await moveFile(a, b);
      done.push([a, b]);
    }
  } catch (err) {
    for (const [a, b] of done.reverse()) await moveFile(b, a).catch(() => undefined);
    throw err;
  }
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
