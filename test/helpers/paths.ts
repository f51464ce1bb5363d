import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** ../shared beside the repository, as on developers' machines and in CI. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');
export const CLIVE_IMAGES = path.join(SHARED_DATA, 'clive/images');
export const SAMPLES = path.join(SHARED_DATA, 'samples');
export const FIXTURE_MODEL = path.join(REPO_ROOT, 'test/fixtures/model/tiny-wsp.json');

const temporaryFolders = new Set<string>();

/**
 * A new empty folder for one suite, the only way tests make one: every folder made here is
 * removed after the suite's last test (test/helpers/remove-temporary-folders.ts). `parent` puts
 * it elsewhere than the system's temporary folder (another disk, for cross-device moves).
 */
export function tempDir(prefix = 'winnow-test-', parent = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  temporaryFolders.add(dir);
  return dir;
}

export function removeTemporaryFolders(): void {
  for (const dir of temporaryFolders) fs.rmSync(dir, { recursive: true, force: true });
  temporaryFolders.clear();
}

/** A few real photographs to scan (CLIVE JPEGs), in a stable order. */
export function realPhotos(count: number): string[] {
  const names = fs.readdirSync(CLIVE_IMAGES).filter((n) => /\.jpe?g$/i.test(n)).sort();
  if (names.length < count) throw new Error(`need ${count} CLIVE photos in ${CLIVE_IMAGES}, found ${names.length}`);
  return names.slice(0, count).map((n) => path.join(CLIVE_IMAGES, n));
}

/** A new temporary folder holding copies of the first `count` real photographs, to scan. */
export function realPhotoFolder(count: number, prefix = 'winnow-lib-'): string {
  const dir = tempDir(prefix);
  for (const p of realPhotos(count)) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  return dir;
}
