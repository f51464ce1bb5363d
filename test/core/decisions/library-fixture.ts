import fs from 'node:fs';
import path from 'node:path';
import { LibraryStore } from '../../../electron/core/store/library-store.js';
import { tempDir } from '../../helpers/paths.js';

export interface FixtureLibrary {
  readonly dir: string;
  readonly photosDir: string;
  readonly store: LibraryStore;
  readonly ids: number[];
  readonly paths: string[];
}

/**
 * A real library database with rows for small files in a temp folder, without scanning: decision
 * code never decodes pixels, so the files only need to exist (and differ, for hash checks).
 */
export function fixtureLibrary(names: readonly string[]): FixtureLibrary {
  const dir = tempDir('winnow-decisions-');
  const photosDir = path.join(dir, 'photos');
  fs.mkdirSync(photosDir, { recursive: true });
  const store = LibraryStore.open(path.join(dir, 'library.db'));
  const root = store.addRoot(photosDir);
  const files = names.map((relPath) => {
    const full = path.join(photosDir, relPath);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, `photo bytes of ${relPath}`);
    return { path: full, relPath, size: fs.statSync(full).size, mtimeMs: fs.statSync(full).mtimeMs };
  });
  const idMap = store.upsertFiles(root.id, files);
  return { dir, photosDir, store, ids: files.map((f) => idMap.get(f.path)!), paths: files.map((f) => f.path) };
}
