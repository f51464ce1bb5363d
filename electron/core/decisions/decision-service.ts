import type { Database } from 'better-sqlite3';
import { WinnowError } from '../errors.js';
import { writeTransaction } from '../store/write-transaction.js';
import { writeSidecarBatch, type SidecarProblem } from '../xmp/sidecar-files.js';
import { DecisionStore, type DecisionBatchItem, type HistoryAction, type PhotoDecision } from '../store/decision-store.js';
import type { DecisionChange } from '../../shared/decisions.js';

export interface DecisionOptions {
  /** Mirror every decision into XMP sidecars (on by default; off for a library others must not see changed). */
  readonly writeSidecars?: boolean;
}

export interface SidecarSummary {
  readonly written: number;
  readonly problems: SidecarProblem[];
}

export interface DecisionOutcome {
  /** The history entry, or null when nothing changed (and so nothing can be undone). */
  readonly action: HistoryAction | null;
  readonly changed: PhotoDecision[];
  readonly sidecars: SidecarSummary;
}

export interface RevertOutcome {
  readonly changed: PhotoDecision[];
  readonly sidecars: SidecarSummary;
}

/** A short, human description of a change, shown in the undo history ("undo: 3 stars on 12 photos"). */
export function describeChange(change: DecisionChange, count: number): string {
  const parts: string[] = [];
  if (change.pick !== undefined) parts.push(change.pick === 1 ? 'pick' : change.pick === -1 ? 'reject' : 'unflag');
  if (change.rating !== undefined) parts.push(`${change.rating} star${change.rating === 1 ? '' : 's'}`);
  if (change.colorLabel !== undefined) parts.push(change.colorLabel ? `${change.colorLabel.toLowerCase()} label` : 'no label');
  return `${parts.join(', ')} on ${count} photo${count === 1 ? '' : 's'}`;
}

/**
 * The decision API the UI and the CLI call: the database is the record and is written first, in
 * one transaction per action; sidecars are then brought in line, and a sidecar that cannot be
 * written is reported per file without failing (or rolling back) the decision.
 */
export class DecisionService {
  readonly store: DecisionStore;
  private readonly sidecarsOn: boolean;

  constructor(db: Database, options: DecisionOptions = {}) {
    this.store = new DecisionStore(db);
    this.sidecarsOn = options.writeSidecars ?? true;
  }

  async decide(photoIds: readonly number[], change: DecisionChange, label?: string): Promise<DecisionOutcome> {
    return this.decideBatch([{ photoIds, change }], label ?? describeChange(change, new Set(photoIds).size));
  }

  /** Several changes recorded as one action, so one undo reverts them all. */
  async decideBatch(items: readonly DecisionBatchItem[], label: string): Promise<DecisionOutcome> {
    for (const item of items) validateChange(item.change);
    const { action, changed } = this.recordWithDue(() => this.store.recordBatch(items, label), (r) => r.changed);
    return { action, changed, sidecars: await this.syncSidecars(changed) };
  }

  async undoDecisions(action: HistoryAction): Promise<RevertOutcome> {
    const changed = this.recordWithDue(() => this.store.revertDecisions(action.id, 'undo'), (c) => c);
    return { changed, sidecars: await this.syncSidecars(changed) };
  }

  async redoDecisions(action: HistoryAction): Promise<RevertOutcome> {
    const changed = this.recordWithDue(() => this.store.revertDecisions(action.id, 'redo'), (c) => c);
    return { changed, sidecars: await this.syncSidecars(changed) };
  }

  /**
   * Records a change and, in the same transaction, marks its photos' sidecars as due: a process
   * killed before the sidecars are written leaves the mark, and the next start writes them.
   */
  private recordWithDue<T>(record: () => T, changedOf: (result: T) => readonly PhotoDecision[]): T {
    return writeTransaction(this.store.db, () => {
      const result = record();
      if (this.sidecarsOn) this.store.markSidecarsDue(changedOf(result).map((p) => p.photoId));
      return result;
    });
  }

  /**
   * Writes the current decision of each photo into its sidecars; also the bulk "write all" action.
   * Each decision is read from the database as its sidecar is written, so a newer decision made
   * meanwhile (another tab, the CLI) is what the sidecar ends with, never the older one.
   */
  async syncSidecars(photos: readonly PhotoDecision[]): Promise<SidecarSummary> {
    if (!this.sidecarsOn) return { written: 0, problems: [] };
    const current = (p: PhotoDecision) => () => this.store.decisionsOf([p.photoId])[0]?.decision ?? p.decision;
    const summary = await writeSidecarBatch(photos.filter((p) => !p.missing).map((p) => ({ path: p.path, decision: current(p) })));
    // Done, or reported to the user: either way no longer due.
    this.store.clearSidecarsDue(photos.map((p) => p.photoId));
    return summary;
  }
}

function validateChange(change: DecisionChange): void {
  if (change.rating !== undefined && !(Number.isInteger(change.rating) && change.rating >= 0 && change.rating <= 5)) {
    throw new WinnowError('BAD_DECISION', `rating must be a whole number from 0 to 5, got ${change.rating}`);
  }
}
