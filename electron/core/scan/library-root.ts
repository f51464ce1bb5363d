import fs from 'node:fs/promises';
import path from 'node:path';
import { WinnowError } from '../errors.js';

/**
 * Resolves a library folder to its real path and checks it is there. A root on a drive that is not mounted must
 * fail here, loudly, before a scan could take its absence for every photo having been deleted.
 */
export async function resolveLibraryRoot(folder: string): Promise<string> {
  const abs = path.resolve(folder);
  let st;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    throw new WinnowError('ROOT_MISSING', `folder ${abs} does not exist or cannot be reached (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!st.isDirectory()) throw new WinnowError('ROOT_NOT_FOLDER', `${abs} is not a folder`);
  // The same folder reached through a symbolic link is the same root, not a second copy of it.
  return fs.realpath(abs);
}
