import { WinnowError } from '../core/errors.js';
import { userFacingError } from '../core/user-facing-error.js';

/** Codes of errors the user can fix, mapped to exit codes scripts can rely on; any other failure is 1. */
export const EXIT_CODES: Readonly<Record<string, number>> = {
  USAGE: 2,
  DB_UNREADABLE: 3,
  DB_MISSING: 3,
  DB_TOO_NEW: 3,
  DB_FOREIGN: 3,
  DB_READ_ONLY: 3,
  MODEL_MISSING: 4,
  MODEL_INVALID: 4,
  MODEL_MISMATCH: 4,
  MODEL_LOAD_FAILED: 4,
};

/**
 * Reports a command's failure the way the CLI does (one line for the user's errors, the stack for
 * a bug) and returns the exit code it ends with.
 */
export function reportFailure(thrown: unknown, err: { write(text: string): unknown }): number {
  const error = userFacingError(thrown);
  if (error instanceof WinnowError) {
    err.write(`winnow: ${error.message}\n`);
    return EXIT_CODES[error.code] ?? 1;
  }
  err.write(`winnow: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
