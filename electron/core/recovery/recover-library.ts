import fs from 'node:fs/promises';
import { FileJournal, type JournalEntry } from '../store/file-journal.js';
import { copyFileDurably, isSameCopy, moveFile, removeCopyTemporaries } from '../culling/file-moves.js';
import { flagMissing, relocatePhoto, saveMoveRecord } from '../store/move-store.js';
import type { TrashItem } from '../culling/trash-rejects.js';
import { DecisionService, type SidecarSummary } from '../decisions/decision-service.js';
import { errorMessage } from '../errors.js';
import { processIsRunning } from '../temporary-files.js';
import type { LibraryStore } from '../store/library-store.js';

export interface RecoveryReport {
  /** File operations a killed process left half done, now completed. */
  readonly finished: number;
  /** Ones that had not really started, now undone. */
  readonly rolledBack: number;
  /** Ones that must wait (their process still runs, or the trash is not at hand). */
  readonly pending: number;
  /** Sidecars that were due and have now been written. */
  readonly sidecars: SidecarSummary;
  readonly problems: string[];
}

export interface RecoveryOptions {
  /** The system trash, where a host has one (the desktop app); without it, trash entries wait. */
  readonly trashItem?: TrashItem;
}

/**
 * What every command runs when it opens a library it may write: file operations that a killed
 * process left in the journal are finished or rolled back, so every row points at one whole file
 * and a photo never lies apart from its sidecar; then sidecar writes that were due are redone,
 * the database being the record. Cheap when there is nothing to do (two empty tables).
 */
export async function recoverLibrary(store: LibraryStore, options: RecoveryOptions = {}): Promise<RecoveryReport> {
  const journal = new FileJournal(store.db);
  const problems: string[] = [];
  let finished = 0;
  let rolledBack = 0;
  let pending = 0;
  for (const entry of journal.entries()) {
    if (processIsRunning(entry.pid)) {
      pending++;
      continue;
    }
    try {
      const outcome = await recoverEntry(store, journal, entry, options);
      if (outcome === 'finished') finished++;
      else if (outcome === 'rolled back') rolledBack++;
      else pending++;
    } catch (err) {
      pending++;
      problems.push(`an interrupted ${entry.record.kind} of ${firstFile(entry)} could not be completed: ${errorMessage(err)}`);
    }
  }
  const decisions = new DecisionService(store.db);
  const due = decisions.store.sidecarsDue();
  const sidecars = due.length > 0 ? await decisions.syncSidecars(decisions.store.decisionsOf(due)) : { written: 0, problems: [] };
  return { finished, rolledBack, pending, sidecars, problems };
}

function firstFile(entry: JournalEntry): string {
  const r = entry.record;
  return r.kind === 'trash' ? r.files[0]! : r.files[0]![0];
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

async function recoverEntry(store: LibraryStore, journal: FileJournal, entry: JournalEntry, options: RecoveryOptions): Promise<'finished' | 'rolled back' | 'pending'> {
  const r = entry.record;
  if (r.kind === 'trash') {
    const [photo, ...sidecars] = r.files;
    if (await exists(photo!)) {
      // The photo goes to the trash first: while it is here, nothing of the unit was trashed.
      store.transaction(() => journal.end(entry.id));
      return 'rolled back';
    }
    const left = [];
    for (const s of sidecars) if (await exists(s)) left.push(s);
    if (left.length > 0 && !options.trashItem) {
      store.transaction(() => flagMissing(store.db, entry.photoId));
      return 'pending';
    }
    for (const s of left) await options.trashItem!(s);
    store.transaction(() => {
      flagMissing(store.db, entry.photoId);
      journal.end(entry.id);
    });
    return 'finished';
  }

  for (const [, to] of r.files) await removeCopyTemporaries(to);

  if (r.kind === 'export') {
    // Every final name holds a whole copy (copies take it only when complete): fill in the rest.
    for (const [from, to] of r.files) if (!(await exists(to)) && (await exists(from))) await copyFileDurably(from, to);
    store.transaction(() => journal.end(entry.id));
    return 'finished';
  }

  const [[photoFrom, photoTo], ...sidecars] = r.files as [[string, string], ...[string, string][]];
  const [fromThere, toThere] = [await exists(photoFrom), await exists(photoTo)];
  // Across disks a move is copy then delete: both present means a whole copy (see copyFileDurably)
  // whose original was not yet removed.
  const photoMoved = toThere && (!fromThere || (await isSameCopy(photoFrom, photoTo)));
  if (photoMoved) {
    if (fromThere) await fs.unlink(photoFrom);
    for (const [from, to] of sidecars) {
      if (!(await exists(from))) continue;
      if (await exists(to)) {
        if (await isSameCopy(from, to)) await fs.unlink(from);
        continue;
      }
      await moveFile(from, to);
    }
    store.transaction(() => {
      relocatePhoto(store.db, entry.photoId, r.to);
      if (r.actionId !== null && r.history && journal.actionExists(r.actionId)) {
        saveMoveRecord(store.db, r.actionId, { photoId: entry.photoId, ...r.history });
      }
      journal.end(entry.id);
    });
    return 'finished';
  }
  // The photo did not move: whatever of its unit did goes back beside it.
  for (const [from, to] of sidecars) {
    if ((await exists(to)) && !(await exists(from))) await moveFile(to, from);
  }
  store.transaction(() => {
    if (!fromThere) flagMissing(store.db, entry.photoId);
    journal.end(entry.id);
  });
  return 'rolled back';
}
