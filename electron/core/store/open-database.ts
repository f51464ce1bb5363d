import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations.js';
import { WinnowError } from '../errors.js';

export interface OpenOptions {
  readonly readonly?: boolean;
  /** A better-sqlite3 addon built for another ABI (the Electron app's); default: node_modules' own. */
  readonly nativeBinding?: string;
}

/**
 * Opens (creating if needed) a library database with the settings every caller relies on: WAL so
 * readers (the UI) never wait for the scorer, a busy timeout so concurrent writers queue instead
 * of failing with SQLITE_BUSY, and foreign keys on.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  if (!readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  else if (!fs.existsSync(file)) throw new WinnowError('DB_MISSING', `no library database at ${file}`);

  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (err) {
    throw new WinnowError('DB_UNREADABLE', `cannot open library database ${file}: ${(err as Error).message}`);
  }
  try {
    // Reading the schema version is the first real read: it is where a file that is not a
    // SQLite database (or is damaged) fails, so translate that into a clear message here.
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!readonly) migrate(db);
    else db.pragma('user_version', { simple: true });
  } catch (err) {
    db.close();
    if (err instanceof WinnowError) throw err;
    throw new WinnowError('DB_UNREADABLE', `${file} is not a readable Winnow library database: ${(err as Error).message}`);
  }
  return db;
}
