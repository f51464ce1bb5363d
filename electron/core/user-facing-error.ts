import { WinnowError } from './errors.js';
import { databaseError } from './store/open-database.js';

/**
 * Failures of the disk or of the database file are the user's to fix, so they become one-line
 * WinnowErrors (a full disk, a read-only medium, a damaged database) instead of stack traces.
 * Anything else is returned as it was.
 */
export function userFacingError(err: unknown): unknown {
  const translated = databaseError(err);
  if (translated instanceof WinnowError) return translated;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new WinnowError('DISK_FULL', `the disk is full (${message}); work finished before this point is saved`);
  if (code === 'EROFS') return new WinnowError('READ_ONLY', `a file could not be written on a read-only medium (${message})`);
  return err;
}
