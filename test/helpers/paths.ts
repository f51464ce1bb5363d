import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** ../shared beside the repository, as on developers' machines and in CI. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');
export const CLIVE_IMAGES = path.join(SHARED_DATA, 'clive/images');
export const SAMPLES = path.join(SHARED_DATA, 'samples');
export const FIXTURE_MODEL = path.join(REPO_ROOT, 'test/fixtures/model/tiny-wsp.json');

export function tempDir(prefix = 'winnow-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A few real photographs to scan (CLIVE JPEGs), in a stable order. */
export function realPhotos(count: number): string[] {
  const names = fs.readdirSync(CLIVE_IMAGES).filter((n) => /\.jpe?g$/i.test(n)).sort();
  if (names.length < count) throw new Error(`need ${count} CLIVE photos in ${CLIVE_IMAGES}, found ${names.length}`);
  return names.slice(0, count).map((n) => path.join(CLIVE_IMAGES, n));
}
