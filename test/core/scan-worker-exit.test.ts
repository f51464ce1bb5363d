import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SAMPLES, realPhotos, tempDir } from '../helpers/paths.js';

function folderOf(photos: readonly string[]): string {
  const dir = tempDir('winnow-lib-');
  for (const p of photos) fs.copyFileSync(p, path.join(dir, path.basename(p)));
  return dir;
}

describe('scan workers end by themselves', () => {
  // The worker reports its result before it releases the model, the database and ExifTool. It was
  // terminated on that report, mid-release: onnxruntime then threw into a thread that was being torn
  // down ("terminate called after throwing an instance of 'Napi::Error'") and the process aborted,
  // now and then, at the end of a scan or at exit, and its ExifTool (RAW previews) ran on for good.
  it('lets a process scan several folders in a row and exit cleanly, leaving no ExifTool behind', () => {
    const photos = realPhotos(12);
    // A RAW file makes the scan start ExifTool for its preview.
    const raw = path.join(SAMPLES, 'raw/exiftool_CanonRaw.cr2');
    const folders = [folderOf([...photos.slice(0, 4), raw]), folderOf(photos.slice(4, 8)), folderOf(photos.slice(8))];
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/scans-in-one-process.ts'), path.join(dir, 'lib.db'), path.join(REPO_ROOT, 'models/winnow-wsp.json'), path.join(dir, 'thumbs'), ...folders],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
      );
      expect(run.stderr).not.toMatch(/terminate called/);
      expect({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }).toEqual({ status: 0, signal: null, stdout: expect.stringMatching(/^scored 1[23], ExifTool left running 0$/) });
    }
  }, 300_000);
});
