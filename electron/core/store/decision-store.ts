import type { Database } from 'better-sqlite3';
import { preparedStatements, type PreparedStatements } from './prepared-statements.js';
import { writeTransaction } from './write-transaction.js';
import { applyChange, isColorLabel, sameDecision, type Decision, type DecisionChange, type PickFlag } from '../../shared/decisions.js';

export type ActionKind = 'decide' | 'move';

export interface HistoryAction {
  readonly id: number;
  readonly kind: ActionKind;
  readonly label: string;
  readonly createdAt: number;
  readonly undone: boolean;
}

export interface DecisionBatchItem {
  readonly photoIds: readonly number[];
  readonly change: DecisionChange;
}

export interface RecordedAction {
  /** The history entry, or null when nothing changed (and so nothing can be undone). */
  readonly action: HistoryAction | null;
  readonly changed: PhotoDecision[];
}

export interface PhotoDecision {
  readonly photoId: number;
  readonly path: string;
  readonly missing: boolean;
  readonly decision: Decision;
}

interface DecisionRow {
  id: number;
  path: string;
  missing: number;
  rating: number;
  pick: number;
  color_label: string | null;
}

interface ActionRow {
  id: number;
  kind: string;
  label: string;
  created_at: number;
  undone: number;
}

function toDecision(rating: number, pick: number, label: string | null): Decision {
  return { rating, pick: pick as PickFlag, colorLabel: isColorLabel(label) ? label : null };
}

function toAction(r: ActionRow): HistoryAction {
  return { id: r.id, kind: r.kind as ActionKind, label: r.label, createdAt: r.created_at, undone: r.undone === 1 };
}

/**
 * Decisions and their undo history in SQL, over the library's better-sqlite3 connection. The
 * history is a linear stack: undo walks back from the newest action that is not undone, redo
 * forward through the undone ones, and any new action discards what could still be redone (as in
 * every editor). Every method that writes runs in one transaction.
 */
export class DecisionStore {
  private readonly stmt: PreparedStatements;

  constructor(readonly db: Database) {
    this.stmt = preparedStatements(db);
  }

  decisionsOf(photoIds: readonly number[]): PhotoDecision[] {
    const get = this.stmt('SELECT id, path, missing, rating, pick, color_label FROM photos WHERE id = ?');
    const out: PhotoDecision[] = [];
    for (const id of new Set(photoIds)) {
      const r = get.get(id) as DecisionRow | undefined;
      if (r) out.push({ photoId: r.id, path: r.path, missing: r.missing === 1, decision: toDecision(r.rating, r.pick, r.color_label) });
    }
    return out;
  }

  /** Photo ids for library paths; paths the library does not know are returned apart. */
  idsForPaths(paths: readonly string[]): { ids: number[]; unknown: string[] } {
    const get = this.stmt('SELECT id FROM photos WHERE path = ?');
    const ids: number[] = [];
    const unknown: string[] = [];
    for (const p of paths) {
      const row = get.get(p) as { id: number } | undefined;
      if (row) ids.push(row.id);
      else unknown.push(p);
    }
    return { ids, unknown };
  }

  /** Present photos at or below a folder, in path order ("rate this whole shoot"). */
  idsUnderFolder(folder: string, separator: string): number[] {
    const prefix = folder.endsWith(separator) ? folder : folder + separator;
    // A range instead of LIKE: file names may contain % and _, and the range uses the path index.
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const rows = this.stmt('SELECT id FROM photos WHERE path >= ? AND path < ? AND missing = 0 ORDER BY path').all(prefix, upper) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Photos currently carrying the given pick flag (not missing), e.g. all rejects. */
  photosWithPick(pick: PickFlag): PhotoDecision[] {
    const rows = this.stmt('SELECT id, path, missing, rating, pick, color_label FROM photos WHERE pick = ? AND missing = 0 ORDER BY path').all(pick) as DecisionRow[];
    return rows.map((r) => ({ photoId: r.id, path: r.path, missing: false, decision: toDecision(r.rating, r.pick, r.color_label) }));
  }

  /** Photos with any decision other than the default: what a bulk sidecar write has to cover. */
  decidedPhotos(): PhotoDecision[] {
    const rows = this.stmt(
      'SELECT id, path, missing, rating, pick, color_label FROM photos WHERE missing = 0 AND (rating <> 0 OR pick <> 0 OR color_label IS NOT NULL) ORDER BY path',
    ).all() as DecisionRow[];
    return rows.map((r) => ({ photoId: r.id, path: r.path, missing: false, decision: toDecision(r.rating, r.pick, r.color_label) }));
  }

  /** Starts a new action: whatever could be redone is discarded, as a new edit forks the history. */
  beginAction(kind: ActionKind, label: string, now = Date.now()): number {
    this.stmt('DELETE FROM history_actions WHERE undone = 1').run();
    const row = this.stmt('INSERT INTO history_actions (kind, label, created_at) VALUES (?, ?, ?) RETURNING id').get(kind, label, now) as { id: number };
    return row.id;
  }

  /**
   * Applies one change to many photos as a single undoable action. Photos the change leaves as
   * they were are not recorded; when none changes, no action is recorded at all.
   */
  recordDecisions(photoIds: readonly number[], change: DecisionChange, label: string, now = Date.now()): RecordedAction {
    return this.recordBatch([{ photoIds, change }], label, now);
  }

  /** Several changes (e.g. pick one frame, reject the others) as one action, undone together. */
  recordBatch(items: readonly DecisionBatchItem[], label: string, now = Date.now()): RecordedAction {
    return writeTransaction(this.db, () => {
      const next = new Map<number, { before: PhotoDecision; decision: Decision }>();
      for (const item of items) {
        for (const p of this.decisionsOf(item.photoIds)) {
          const before = next.get(p.photoId)?.before ?? p;
          next.set(p.photoId, { before, decision: applyChange(next.get(p.photoId)?.decision ?? p.decision, item.change) });
        }
      }
      const changed = [...next.values()].filter((c) => !sameDecision(c.before.decision, c.decision));
      if (changed.length === 0) return { action: null, changed: [] };
      const actionId = this.beginAction('decide', label, now);
      const log = this.stmt(
        `INSERT INTO history_decisions (action_id, photo_id, old_rating, old_pick, old_label, new_rating, new_pick, new_label)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const { before, decision } of changed) {
        const old = before.decision;
        log.run(actionId, before.photoId, old.rating, old.pick, old.colorLabel, decision.rating, decision.pick, decision.colorLabel);
        this.writeDecision(before.photoId, decision, now);
      }
      return { action: this.action(actionId)!, changed: changed.map(({ before, decision }) => ({ ...before, decision })) };
    });
  }

  /** Sets a decision without history: for decisions imported from sidecars other tools wrote. */
  importDecision(photoId: number, change: DecisionChange, now = Date.now()): PhotoDecision | null {
    return writeTransaction(this.db, () => {
      const [current] = this.decisionsOf([photoId]);
      if (!current) return null;
      const next = applyChange(current.decision, change);
      if (sameDecision(current.decision, next)) return null;
      this.writeDecision(photoId, next, now);
      return { ...current, decision: next };
    });
  }

  private writeDecision(photoId: number, d: Decision, now: number): void {
    this.stmt('UPDATE photos SET rating = ?, pick = ?, color_label = ?, updated_at = ? WHERE id = ?').run(d.rating, d.pick, d.colorLabel, now, photoId);
  }

  /** Marks photos whose sidecars must be written; call in the transaction that changes them. */
  markSidecarsDue(photoIds: readonly number[]): void {
    const mark = this.stmt('INSERT OR IGNORE INTO sidecars_due (photo_id) VALUES (?)');
    writeTransaction(this.db, () => {
      for (const id of photoIds) mark.run(id);
    });
  }

  clearSidecarsDue(photoIds: readonly number[]): void {
    const clear = this.stmt('DELETE FROM sidecars_due WHERE photo_id = ?');
    writeTransaction(this.db, () => {
      for (const id of photoIds) clear.run(id);
    });
  }

  /** Photos whose sidecar writes were due when a process stopped before finishing them. */
  sidecarsDue(): number[] {
    return (this.stmt('SELECT photo_id FROM sidecars_due ORDER BY photo_id').all() as { photo_id: number }[]).map((r) => r.photo_id);
  }

  action(id: number): HistoryAction | null {
    const row = this.stmt('SELECT id, kind, label, created_at, undone FROM history_actions WHERE id = ?').get(id) as ActionRow | undefined;
    return row ? toAction(row) : null;
  }

  /** The action undo would revert: the newest one still in effect. */
  lastUndoable(): HistoryAction | null {
    const row = this.stmt('SELECT id, kind, label, created_at, undone FROM history_actions WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as ActionRow | undefined;
    return row ? toAction(row) : null;
  }

  /** The action redo would re-apply: the oldest undone one. */
  nextRedoable(): HistoryAction | null {
    const row = this.stmt('SELECT id, kind, label, created_at, undone FROM history_actions WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as ActionRow | undefined;
    return row ? toAction(row) : null;
  }

  history(limit = 20): HistoryAction[] {
    return (this.stmt('SELECT id, kind, label, created_at, undone FROM history_actions ORDER BY id DESC LIMIT ?').all(limit) as ActionRow[]).map(toAction);
  }

  markUndone(actionId: number, undone: boolean): void {
    this.stmt('UPDATE history_actions SET undone = ? WHERE id = ?').run(undone ? 1 : 0, actionId);
  }

  /** Puts back the decisions an action replaced (undo) or made (redo), in one transaction. */
  revertDecisions(actionId: number, direction: 'undo' | 'redo', now = Date.now()): PhotoDecision[] {
    return writeTransaction(this.db, () => {
      const rows = this.stmt(
        `SELECT photo_id, old_rating, old_pick, old_label, new_rating, new_pick, new_label FROM history_decisions WHERE action_id = ? ORDER BY photo_id`,
      ).all(actionId) as { photo_id: number; old_rating: number; old_pick: number; old_label: string | null; new_rating: number; new_pick: number; new_label: string | null }[];
      for (const r of rows) {
        const d = direction === 'undo' ? toDecision(r.old_rating, r.old_pick, r.old_label) : toDecision(r.new_rating, r.new_pick, r.new_label);
        this.writeDecision(r.photo_id, d, now);
      }
      this.markUndone(actionId, direction === 'undo');
      return this.decisionsOf(rows.map((r) => r.photo_id));
    });
  }
}
