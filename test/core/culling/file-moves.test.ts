import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeDestination, moveFile, sidecarDestination } from '../../../electron/core/culling/file-moves.js';
import { tempDir } from '../../helpers/paths.js';

const otherDisk = ['/dev/shm'].find((d) => fs.existsSync(d) && fs.statSync(d).dev !== fs.statSync(os.tmpdir()).dev);

describe('moveFile', () => {
  it('refuses to replace an existing file', async () => {
    const dir = tempDir('winnow-move-');
    fs.writeFileSync(path.join(dir, 'a'), 'a');
    fs.writeFileSync(path.join(dir, 'b'), 'b');
    await expect(moveFile(path.join(dir, 'a'), path.join(dir, 'b'))).rejects.toMatchObject({ code: 'DESTINATION_EXISTS' });
    expect(fs.readFileSync(path.join(dir, 'b'), 'utf8')).toBe('b');
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(true);
  });

  it.skipIf(!otherDisk)('copies, checks and removes when the target is on another disk', async () => {
    const from = tempDir('winnow-move-');
    const to = tempDir('winnow-move-', otherDisk!);
    const bytes = Buffer.alloc(3_000_000, 7);
    fs.writeFileSync(path.join(from, 'big.jpg'), bytes);
    await moveFile(path.join(from, 'big.jpg'), path.join(to, 'sub', 'big.jpg'));
    expect(fs.existsSync(path.join(from, 'big.jpg'))).toBe(false);
    expect(fs.readFileSync(path.join(to, 'sub', 'big.jpg')).equals(bytes)).toBe(true);
    fs.rmSync(to, { recursive: true });
  });
});

describe('naming', () => {
  it('keeps each sidecar naming form when its photo is renamed', () => {
    expect(sidecarDestination('/a/IMG_1.JPG.xmp', '/a/IMG_1.JPG', '/b/IMG_1 (2).JPG')).toBe(path.join('/b', 'IMG_1 (2).JPG.xmp'));
    expect(sidecarDestination('/a/IMG_1.XMP', '/a/IMG_1.CR2', '/b/IMG_1 (2).CR2')).toBe(path.join('/b', 'IMG_1 (2).XMP'));
  });

  it('finds a free name, also avoiding names planned in the same run', async () => {
    const dir = tempDir('winnow-move-');
    fs.writeFileSync(path.join(dir, 'x.jpg'), '');
    const planned = new Set<string>();
    expect(await freeDestination(path.join(dir, 'x.jpg'), planned)).toBe(path.join(dir, 'x (2).jpg'));
    expect(await freeDestination(path.join(dir, 'x.jpg'), planned)).toBe(path.join(dir, 'x (3).jpg'));
  });
});
