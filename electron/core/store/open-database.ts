import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate, SCHEMA_VERSION } from './migrations.js';
import { WinnowError } from '../errors.js';

export interface OpenOptions {
  readonly readonly?: boolean;
  /** A better-sqlite3 addon built for another ABI (the Electron app's); default: node_modules' own. */
  readonly nativeBinding?: string;
}

/** Tables every Winnow schema from version 1 on has; a file without them is someone else's. */
const CORE_TABLES = ['roots', 'photos', 'models', 'scores'];

/**
 * Opens (creating if needed) a library database with the settings every caller relies on: WAL so
 * readers (the UI) never wait for the scorer, a busy timeout so concurrent writers queue instead
 * of failing with SQLITE_BUSY, and foreign keys on.
 *
 * An existing file is first opened read-only and checked (readable schema, a version this Winnow
 * knows, Winnow's tables): a file from a newer Winnow or another program is refused before
 * anything, WAL mode included, could write to it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new WinnowError('DB_UNREADABLE', `${file} is a folder, not a library database`);
  const hasContent = (existing?.size ?? 0) > 0;
  if (readonly && !existing) throw new WinnowError('DB_MISSING', `no library database at ${file}`);

  if (hasContent) {
    const probe = openReadOnly(file, binding);
    try {
      checkLibrary(probe, file);
    } finally {
      probe.close();
    }
  }
  if (readonly) return hasContent ? openReadOnly(file, binding) : refuseEmpty(file);

  if (!canWrite(file)) {
    throw new WinnowError('DB_READ_ONLY', `the library database ${file} is on a read-only medium or cannot be written; this command needs to change it (reading commands such as "list" still work)`);
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, binding);
  } catch (err) {
    throw new WinnowError('DB_UNREADABLE', `cannot open library database ${file}: ${(err as Error).message}`);
  }
  try {
    // The timeout first: switching to WAL needs a lock another process may hold for a moment.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (err) {
    db.close();
    throw databaseError(err, file);
  }
  return db;
}

function refuseEmpty(file: string): never {
  throw new WinnowError('DB_UNREADABLE', `${file} is empty, not a Winnow library database`);
}

/**
 * A read-only connection. A WAL database needs its -shm file, which cannot be created on a
 * read-only medium; there the file is read into memory instead (a library kept on an archive disk
 * can still be listed and browsed).
 */
function openReadOnly(file: string, binding: { nativeBinding?: string }): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...binding });
    db.pragma('user_version', { simple: true });
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CANTOPEN') throw databaseError(err, file);
    db = fromCopy(file, binding);
  }
  db.pragma('busy_timeout = 5000');
  return db;
}

function fromCopy(file: string, binding: { nativeBinding?: string }): Database.Database {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new WinnowError('DB_UNREADABLE', `cannot read library database ${file}: ${(err as Error).message}`);
  }
  // An in-memory copy cannot be in WAL mode: bytes 18 and 19 of the header say "rollback journal".
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  try {
    return new Database(bytes, { readonly: true, ...binding });
  } catch (err) {
    throw databaseError(err, file);
  }
}

/** Refuses a damaged file, one from a newer Winnow, and one laid out by another program. */
function checkLibrary(db: Database.Database, file: string): void {
  let version: number;
  let tables: Set<string>;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    // Reading the schema parses every table's definition: a damaged schema fails here.
    tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  } catch (err) {
    throw databaseError(err, file);
  }
  if (version > SCHEMA_VERSION) {
    throw new WinnowError('DB_TOO_NEW', `${file} comes from a newer Winnow: its schema version ${version} is newer than this Winnow understands (${SCHEMA_VERSION}); update Winnow or use another database. The file was not changed.`);
  }
  const missing = CORE_TABLES.filter((t) => !tables.has(t));
  if ((version === 0 && tables.size > 0) || (version > 0 && missing.length > 0)) {
    throw new WinnowError('DB_FOREIGN', `${file} is not a Winnow library database (its tables are not Winnow's); it was not changed`);
  }
}

/** Whether the database (or, for a new one, its folder) can be written. */
function canWrite(file: string): boolean {
  const target = fs.existsSync(file) ? file : nearestExisting(path.dirname(path.resolve(file)));
  try {
    fs.accessSync(target, fs.constants.W_OK);
    // Root passes access() on a read-only file but not on a read-only mount; a file marked
    // read-only is the user's word either way.
    const st = fs.statSync(target);
    return st.isDirectory() || (st.mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

function nearestExisting(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/** An I/O error on a disk with no space left (SQLite reports a -shm that cannot grow that way). */
function diskIsFull(file: string): boolean {
  try {
    const fsStats = fs.statfsSync(path.dirname(path.resolve(file)));
    return fsStats.bavail * fsStats.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

/**
 * SQLite's failures, in one line for the user. A damaged or foreign file is DB_UNREADABLE (exit 3);
 * a full disk and a medium that refuses writes say so.
 */
export function databaseError(err: unknown, file?: string): Error {
  if (err instanceof WinnowError) return err;
  const code = String((err as { code?: unknown }).code ?? '');
  const what = file ? `the library database ${file}` : 'the library database';
  const detail = (err as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new WinnowError('DB_UNREADABLE', `${what} is damaged or not a readable Winnow library database (${detail})`);
  if (code.startsWith('SQLITE_FULL') || (code.startsWith('SQLITE_IOERR') && file !== undefined && diskIsFull(file))) return new WinnowError('DISK_FULL', `the disk holding ${what} is full; the change that met it was not saved (work finished before it and earlier decisions are intact)`);
  if (code.startsWith('SQLITE_READONLY')) return new WinnowError('DB_READ_ONLY', `${what} cannot be written (${detail})`);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) return new WinnowError('DB_UNREADABLE', `cannot read ${what} (${detail})`);
  if (code.startsWith('SQLITE_')) return new WinnowError('DB_UNREADABLE', `${what} is not a readable Winnow library database (${detail})`);
  return err instanceof Error ? err : new Error(String(err));
}
