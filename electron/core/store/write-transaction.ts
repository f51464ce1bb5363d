import type { Database } from 'better-sqlite3';

/**
 * Every transaction that writes must take the write lock up front (BEGIN IMMEDIATE). A deferred
 * transaction that reads first and writes later cannot wait for a concurrent writer in WAL mode:
 * SQLite answers SQLITE_BUSY at once instead of using the busy timeout, and the user's decision
 * would fail while a scan is writing. Nested calls become savepoints of the outer transaction.
 */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}
