import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS } from '../../electron/core/temporary-files.js';
import { cacheTemporaryName } from '../../electron/core/media/cache-temporaries.js';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';

describe('sidecar temporaries left by a killed writer', () => {
  it('are removed by the next scan once abandoned; fresh ones and look-alikes stay', async () => {
    const lib = tempDir('winnow-temporaries-');
    fs.mkdirSync(path.join(lib, 'day 1'));
    fs.copyFileSync(realPhotos(1)[0]!, path.join(lib, 'day 1', 'a.jpg'));
    fs.writeFileSync(path.join(lib, 'day 1', 'a.jpg.xmp'), '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');
    const abandoned = path.join(lib, 'day 1', '.a.jpg.xmp.4242.0badc0de.tmp');
    const fresh = path.join(lib, 'day 1', '.a.jpg.xmp.4243.12345678.tmp');
    const userFiles = ['.notes.tmp', '.a.jpg.xmp.tmp', 'a.jpg.xmp.4242.0badc0de.tmp'].map((n) => path.join(lib, 'day 1', n));
    for (const f of [abandoned, fresh, ...userFiles]) fs.writeFileSync(f, 'partial');
    const old = new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);
    for (const f of [abandoned, ...userFiles]) fs.utimesSync(f, old, old);

    const report = await scanWithFixture(lib, path.join(tempDir(), 'library.db'));
    expect(report.scored).toBe(1);
    expect(fs.existsSync(abandoned)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    for (const f of userFiles) expect(fs.existsSync(f)).toBe(true);
    expect(fs.readFileSync(path.join(lib, 'day 1', 'a.jpg.xmp'), 'utf8')).toContain('xmpmeta');
  });
});

describe('cache temporaries left by a killed thumbnail or preview writer', () => {
  it('are removed by the next scan once abandoned; fresh ones, finished files and look-alikes stay', async () => {
    const lib = tempDir('winnow-cache-temporaries-');
    fs.copyFileSync(realPhotos(1)[0]!, path.join(lib, 'a.jpg'));
    const work = tempDir();
    const thumbnails = path.join(work, 'thumbnails');
    const previews = path.join(work, 'previews');
    const at = (dir: string, name: string) => {
      fs.mkdirSync(path.join(dir, name.slice(0, 2)), { recursive: true });
      return path.join(dir, name.slice(0, 2), name);
    };
    // Named by the writers' own function, so the sweep's pattern is checked against what they make.
    const abandoned = [cacheTemporaryName(at(thumbnails, 'abcdef12.webp')), cacheTemporaryName(at(previews, 'cdef1234.jpg'))];
    const fresh = cacheTemporaryName(at(thumbnails, 'abcdef34.webp'));
    const kept = [at(thumbnails, 'abcdef12.webp'), at(thumbnails, 'ab-notes.tmp'), at(previews, 'cdef1234.jpg.tmp')];
    for (const f of [...abandoned, fresh, ...kept]) fs.writeFileSync(f, 'partial');
    const old = new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);
    for (const f of [...abandoned, ...kept]) fs.utimesSync(f, old, old);

    const report = await scanWithFixture(lib, path.join(work, 'library.db'));
    expect(report.scored).toBe(1);
    for (const f of abandoned) expect(fs.existsSync(f)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    for (const f of kept) expect(fs.existsSync(f)).toBe(true);
  });
});
