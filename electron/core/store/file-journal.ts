import type { Database } from 'better-sqlite3';
import { writeTransaction } from './write-transaction.js';
import type { PhotoPlace } from './move-store.js';

/**
 * One photo's share of a file operation: every file that travels with it, [from, to] (the photo
 * first, then its sidecars and any paired file), and what the database must say once it is done.
 */
export type JournalRecord =
  | {
      readonly kind: 'move';
      readonly files: [string, string][];
      /** Where the photo row points once the move is done. */
      readonly to: PhotoPlace;
      /** The history action a forward move is recorded under (undo and redo record nothing new). */
      readonly actionId: number | null;
      /** The history_moves row to save under actionId. */
      readonly history: { from: PhotoPlace; to: PhotoPlace; sidecars: [string, string][] } | null;
    }
  | { readonly kind: 'export'; readonly files: [string, string][] }
  | { readonly kind: 'trash'; readonly files: string[] };

export interface JournalEntry {
  readonly id: number;
  readonly photoId: number;
  readonly pid: number;
  readonly record: JournalRecord;
}

/** The file_journal table: written before the first file is touched, removed with the outcome. */
export class FileJournal {
  constructor(readonly db: Database) {}

  begin(photoId: number, record: JournalRecord, now = Date.now()): number {
    return writeTransaction(this.db, () =>
      Number(this.db.prepare('INSERT INTO file_journal (kind, photo_id, pid, record, created_at) VALUES (?, ?, ?, ?, ?)').run(record.kind, photoId, process.pid, JSON.stringify(record), now).lastInsertRowid),
    );
  }

  /** Removes the entry; call inside the transaction that records the outcome. */
  end(id: number): void {
    this.db.prepare('DELETE FROM file_journal WHERE id = ?').run(id);
  }

  /** Whether a history action still exists (a move finished late is recorded under it only then). */
  actionExists(actionId: number): boolean {
    return this.db.prepare('SELECT 1 FROM history_actions WHERE id = ?').get(actionId) !== undefined;
  }

  /**
   * Whether the library holds work a killed process left (file operations or due sidecars).
   * False on a schema from before the journal, which cannot hold any.
   */
  hasPendingWork(): boolean {
    try {
      return this.db.prepare('SELECT EXISTS (SELECT 1 FROM file_journal) OR EXISTS (SELECT 1 FROM sidecars_due)').pluck().get() === 1;
    } catch (err) {
      if (/no such table/.test((err as Error).message)) return false;
      throw err;
    }
  }

  entries(): JournalEntry[] {
    const rows = this.db.prepare('SELECT id, photo_id, pid, record FROM file_journal ORDER BY id').all() as { id: number; photo_id: number; pid: number; record: string }[];
    return rows.map((r) => ({ id: r.id, photoId: r.photo_id, pid: r.pid, record: JSON.parse(r.record) as JournalRecord }));
  }
}
