import path from 'node:path';
import { defaultDatabasePath } from '../core/app-paths.js';
import { LibraryStore } from '../core/store/library-store.js';
import { WinnowError } from '../core/errors.js';
import { scanCommand, type ScanArgs } from './scan-command.js';

export type RescoreArgs = Omit<ScanArgs, 'folder'>;

/**
 * Scans every library folder with the current model. A scan scores each photo the current model
 * has not scored (scores are kept per model), so after a model update this brings the whole
 * library to the new model; decisions and sidecars are untouched. Folders run one after another;
 * the exit code is the worst of them.
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
    const code = await scanCommand({ ...args, db: dbPath, folder: root.path }, out, err);
    if (code === 130) return code;
    worst = Math.max(worst, code);
  }
  return worst;
}
