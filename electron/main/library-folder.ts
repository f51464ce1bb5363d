import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../core/media/media-resolver.js';
import type { Root } from '../shared/library-types.js';

export type FolderChoice =
  | { readonly action: 'add'; readonly path: string }
  | { readonly action: 'already-covered'; readonly root: Root }
  | { readonly action: 'none' };

/**
 * What to do with the folder the native picker returned. The picker is the only way a path gets
 * in (the renderer never sends one); the folder is resolved to its real path so a link to an
 * existing library is not added twice, and a folder inside an existing root is already covered.
 */
export async function chooseLibraryFolder(picked: { canceled: boolean; filePaths: readonly string[] }, roots: readonly Root[]): Promise<FolderChoice> {
  const first = picked.filePaths[0];
  if (picked.canceled || !first || !path.isAbsolute(first)) return { action: 'none' };
  const real = await fs.realpath(first).catch(() => null);
  if (!real) return { action: 'none' };
  const stat = await fs.stat(real).catch(() => null);
  if (!stat?.isDirectory()) return { action: 'none' };
  for (const root of roots) {
    const realRoot = await fs.realpath(root.path).catch(() => root.path);
    if (isInside(realRoot, real)) return { action: 'already-covered', root };
  }
  return { action: 'add', path: real };
}
