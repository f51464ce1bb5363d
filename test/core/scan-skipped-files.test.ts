import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { LibraryService } from '../../electron/core/library-service.js';
import { skippedKind } from '../../electron/core/scan/skipped-files.js';
import { describeSkipped } from '../../electron/shared/skipped-summary.js';
import { scanWithFixture } from '../helpers/library.js';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';

function winnow(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/winnow.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, WINNOW_MODEL: FIXTURE_MODEL },
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('files a scan does not read', () => {
  it('sorts names into kinds, and leaves sidecars, hidden and own files uncounted', () => {
    expect(skippedKind('clip.MOV')).toBe('video');
    expect(skippedKind('scan.bmp')).toBe('BMP');
    expect(skippedKind('layers.psd')).toBe('PSD');
    expect(skippedKind('README')).toBe('other');
    for (const n of ['IMG_1.xmp', 'IMG_1.AAE', '.DS_Store', 'library.db', 'library.db-wal', 'Thumbs.db', 'IMG_1.CR2.pp3']) expect(skippedKind(n), n).toBeNull();
    expect(describeSkipped([{ kind: 'BMP', files: 3 }, { kind: 'video', files: 2 }, { kind: 'PSD', files: 1 }])).toBe('3 BMP, 2 videos, 1 PSD');
  });

  it('counts them by kind in the scan report, the store and the API, and lists each one', async () => {
    const work = tempDir('winnow-skipped-');
    const lib = path.join(work, 'photos');
    fs.mkdirSync(path.join(lib, 'sub'), { recursive: true });
    const [photo] = realPhotos(1);
    fs.copyFileSync(photo!, path.join(lib, 'a.jpg'));
    for (const n of ['a.xmp', '.hidden.bmp', 'sub/one.bmp', 'sub/two.BMP', 'sub/three.bmp', 'clip.mp4', 'clip2.MOV', 'art.psd']) fs.writeFileSync(path.join(lib, n), 'x');
    const db = path.join(work, 'library.db');

    const report = await scanWithFixture(lib, db);
    expect(report.found).toBe(1);
    expect(report.skipped).toEqual([{ kind: 'BMP', files: 3 }, { kind: 'video', files: 2 }, { kind: 'PSD', files: 1 }]);

    const store = LibraryStore.open(db);
    try {
      expect(store.skippedFiles().map((f) => path.relative(lib, f.path))).toEqual(['art.psd', 'clip.mp4', 'clip2.MOV', 'sub/one.bmp', 'sub/three.bmp', 'sub/two.BMP']);
      // Skipped files are counted, not reported as problems of the walk.
      expect(store.scanErrors()).toEqual([]);
      const counts = await new LibraryService(store).libraryCounts();
      expect(describeSkipped(counts.skipped)).toBe('3 BMP, 2 videos, 1 PSD');
    } finally {
      store.close();
    }

    // A file that goes away stops being counted at the next walk.
    fs.rmSync(path.join(lib, 'art.psd'));
    expect((await scanWithFixture(lib, db)).skipped).toEqual([{ kind: 'BMP', files: 3 }, { kind: 'video', files: 2 }]);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('says what it skipped in the CLI summary and lists each file in list --errors', () => {
    const work = tempDir('winnow-skipped-cli-');
    const [photo] = realPhotos(1);
    fs.copyFileSync(photo!, path.join(work, 'a.jpg'));
    fs.writeFileSync(path.join(work, 'scan.bmp'), 'x');
    fs.writeFileSync(path.join(work, 'clip.mov'), 'x');
    const db = path.join(work, 'db', 'library.db');
    const scan = winnow(['scan', work, '--db', db]);
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stdout).toMatch(/1 photos found/);
    expect(scan.stdout).toMatch(/Skipped \(not photos Winnow reads\): 1 BMP, 1 video/);
    const list = winnow(['list', '--db', db, '--errors']);
    expect(list.stdout).toContain(`${path.join(work, 'clip.mov')}\tskipped\tSKIPPED\tskipped: a video, not a photo`);
    expect(list.stdout).toContain(`${path.join(work, 'scan.bmp')}\tskipped\tSKIPPED\tskipped: BMP is not a photo format Winnow reads`);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
