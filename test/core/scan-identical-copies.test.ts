import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithFixture } from '../helpers/library.js';
import { realPhotos, tempDir } from '../helpers/paths.js';

describe('identical copies of a photo', () => {
  // Copies share a fingerprint and so a thumbnail; analysed side by side they once raced on one
  // temporary file and one of them failed.
  it('are all scored when analysed at the same time', async () => {
    const lib = tempDir('winnow-copies-');
    const [photo] = realPhotos(1);
    for (let i = 0; i < 8; i++) fs.copyFileSync(photo!, path.join(lib, `copy-${i}.jpg`));
    const data = tempDir();
    const report = await scanWithFixture(lib, path.join(data, 'library.db'), { concurrency: 4 });
    expect(report.failed).toBe(0);
    expect(report.scored).toBe(8);
    const cache = fs.readdirSync(path.join(data, 'thumbnails'), { recursive: true }).map(String);
    expect(cache.filter((f) => f.endsWith('.webp'))).toHaveLength(1);
    expect(cache.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
