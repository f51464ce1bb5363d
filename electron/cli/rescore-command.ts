import { spawn } from 'node:child_process';
import path from 'node:path';
import { defaultDatabasePath } from '../core/app-paths.js';
import { LibraryStore } from '../core/store/library-store.js';
import { WinnowError } from '../core/errors.js';
import type { ScanArgs } from './scan-command.js';

export type RescoreArgs = Omit<ScanArgs, 'folder'>;

/** `winnow scan` for one folder, as its own process, with this process's output. */
function scanProcess(folder: string, args: RescoreArgs, dbPath: string): Promise<number> {
  const argv = ['scan', folder, '--db', dbPath];
  if (args.model) argv.push('--model', args.model);
  if (args.threads) argv.push('--threads', String(args.threads));
  if (args.cpu) argv.push('--cpu');
  if (args.providers) argv.push('--provider', args.providers.join(','));
  if (args.verbose) argv.push('--verbose');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...argv], { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}

/**
 * Scans every library folder with the current model. A scan scores each photo the current model
 * has not scored (scores are kept per model), so after a model update this brings the whole
 * library to the new model; decisions and sidecars are untouched. Each folder is scanned by a
 * `winnow scan` process of its own, exactly as if typed: two scans' native libraries (onnxruntime,
 * libvips) in one process aborted at its exit. The exit code is the worst of them.
 */
export async function rescoreCommand(args: RescoreArgs): Promise<number> {
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
    const code = await scanProcess(root.path, args, dbPath);
    if (code === 130) return code;
    worst = Math.max(worst, code);
  }
  return worst;
}
