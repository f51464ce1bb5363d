import type { DecisionService, SidecarSummary } from '../decisions/decision-service.js';
import type { HistoryAction } from '../store/decision-store.js';
import type { LibraryStore } from '../store/library-store.js';
import { revertMove, type MoveProblem, type MoveProgress } from './move-rejects.js';

export interface RevertResult {
  /** The action undone or redone; null when there was nothing to undo or redo. */
  readonly action: HistoryAction | null;
  /** Photos whose decision or place changed back (or again). */
  readonly photos: number;
  readonly sidecars: SidecarSummary;
  /** Files that could not be moved back; the action stays as it was for these, so retrying finishes it. */
  readonly problems: MoveProblem[];
}

const NO_SIDECARS: SidecarSummary = { written: 0, problems: [] };

/**
 * One undo stack for everything the user does to the library: decisions (rate, pick, reject,
 * label, "keep best", auto-cull) and file moves (rejects moved to a folder). Undo reverts the
 * newest action still in effect; redo re-applies the oldest undone one.
 */
export async function undoLast(store: LibraryStore, decisions: DecisionService, onProgress?: MoveProgress): Promise<RevertResult> {
  const action = decisions.store.lastUndoable();
  return action ? revert(store, decisions, action, 'undo', onProgress) : { action: null, photos: 0, sidecars: NO_SIDECARS, problems: [] };
}

export async function redoNext(store: LibraryStore, decisions: DecisionService, onProgress?: MoveProgress): Promise<RevertResult> {
  const action = decisions.store.nextRedoable();
  return action ? revert(store, decisions, action, 'redo', onProgress) : { action: null, photos: 0, sidecars: NO_SIDECARS, problems: [] };
}

async function revert(store: LibraryStore, decisions: DecisionService, action: HistoryAction, direction: 'undo' | 'redo', onProgress?: MoveProgress): Promise<RevertResult> {
  if (action.kind === 'move') {
    const report = await revertMove(store, action.id, direction, onProgress);
    return { action, photos: report.moved, sidecars: NO_SIDECARS, problems: report.problems };
  }
  const outcome = direction === 'undo' ? await decisions.undoDecisions(action) : await decisions.redoDecisions(action);
  return { action, photos: outcome.changed.length, sidecars: outcome.sidecars, problems: [] };
}
