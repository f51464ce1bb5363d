import envPaths from 'env-paths';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Winnow keeps its data when no --db is given; WINNOW_HOME overrides (tests, portable use). */
export function dataDir(): string {
  return process.env.WINNOW_HOME ? path.resolve(process.env.WINNOW_HOME) : envPaths('winnow', { suffix: '' }).data;
}

export function defaultDatabasePath(): string {
  return path.join(dataDir(), 'library.db');
}

/** Thumbnails live beside the database they belong to, so a library moves as one folder. */
export function thumbnailsDirFor(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 'thumbnails');
}

export const DEFAULT_MODEL_NAME = 'winnow-wsp';

/** The package root, found from this module whether it runs from source or from dist/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'models'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot locate the Winnow package root (no models/ folder found)');
    dir = parent;
  }
}

/** The shipped model, unless WINNOW_MODEL names another. */
export function defaultModelPath(): string {
  return process.env.WINNOW_MODEL ? path.resolve(process.env.WINNOW_MODEL) : path.join(packageRoot(), 'models', `${DEFAULT_MODEL_NAME}.json`);
}
