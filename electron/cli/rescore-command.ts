import path from 'node:path';
import { defaultDatabasePath } from '../core/app-paths.js';
import { LibraryStore } from '../core/store/library-store.js';
import { WinnowError } from '../core/errors.js';
import { userFacingError } from '../core/user-facing-error.js';
import { EXIT_CODES, reportFailure } from './exit-codes.js';
import { scanCommand, type ScanArgs } from './scan-command.js';

export type RescoreArgs = Omit<ScanArgs, 'folder'>;

/**
 * The database's, the model's and bad usage would fail every folder alike: they end the rescore at
 * once, reported once. Anything else (a folder on a drive that is not mounted) is that folder's.
 */
function failsEveryFolder(thrown: unknown): boolean {
  const error = userFacingError(thrown);
  return error instanceof WinnowError && Object.hasOwn(EXIT_CODES, error.code);
}

/**
 * Scans every library folder with the current model, one after another in this process, as
 * `winnow scan` would. A scan scores each photo the current model has not scored (scores are kept
 * per model), so after a model update this brings the whole library to the new model; decisions
 * and sidecars are untouched. A folder that fails is reported and the others are still scanned;
 * the exit code is the worst of them, and an interrupted scan (130) stops the rescore.
 */
export async function rescoreCommand(args: RescoreArgs, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const dbPath = path.resolve(args.db ?? defaultDatabasePath());
  const store = LibraryStore.open(dbPath, { readonly: true });
  let roots;
  try {
    roots = store.roots();
  } finally {
    store.close();
  }
  if (roots.length === 0) throw new WinnowError('NO_ROOTS', `the library ${dbPath} has no folders yet: scan one first (winnow scan <folder>)`);
  let worst = 0;
  for (const root of roots) {
    let code;
    try {
      code = await scanCommand({ ...args, folder: root.path, db: dbPath }, out, err);
    } catch (thrown) {
      if (failsEveryFolder(thrown)) throw thrown;
      code = reportFailure(thrown, err);
    }
    if (code === 130) return code;
    worst = Math.max(worst, code);
  }
  return worst;
}
