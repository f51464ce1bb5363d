import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SidecarLocator } from '../../../electron/core/xmp/sidecar-locator.js';
import { writeSidecarsFor } from '../../../electron/core/xmp/sidecar-files.js';
import { tempDir } from '../../helpers/paths.js';

function touch(dir: string, ...names: string[]): void {
  for (const n of names) fs.writeFileSync(path.join(dir, n), n.toLowerCase().endsWith('.xmp') ? '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>' : 'x');
}

describe('SidecarLocator', () => {
  it('defaults to the full name (IMG_1.JPG.xmp) in a folder without sidecars', async () => {
    const dir = tempDir();
    touch(dir, 'IMG_1.JPG');
    expect(await new SidecarLocator().forWriting(path.join(dir, 'IMG_1.JPG'))).toEqual([path.join(dir, 'IMG_1.JPG.xmp')]);
  });

  it('follows a Lightroom folder that uses short names', async () => {
    const dir = tempDir();
    touch(dir, 'A.CR2', 'A.xmp', 'B.CR2', 'B.xmp', 'C.CR2');
    const locator = new SidecarLocator();
    expect(await locator.existing(path.join(dir, 'A.CR2'))).toEqual([path.join(dir, 'A.xmp')]);
    expect(await locator.forWriting(path.join(dir, 'C.CR2'))).toEqual([path.join(dir, 'C.xmp')]);
  });

  it('gives a RAW+JPEG pair the JPEG sidecar by full name and the RAW one by the stem, as Lightroom reads it', async () => {
    const dir = tempDir();
    touch(dir, 'A.CR2', 'A.xmp', 'B.CR2', 'B.xmp', 'C.CR2', 'C.JPG');
    const locator = new SidecarLocator();
    expect(await locator.forWriting(path.join(dir, 'C.JPG'))).toEqual([path.join(dir, 'C.JPG.xmp'), path.join(dir, 'C.xmp')]);
    expect(await locator.forWriting(path.join(dir, 'C.CR2'))).toEqual([path.join(dir, 'C.CR2.xmp')]);
  });

  it('writes every sidecar a photo already has, whatever the letter case', async () => {
    const dir = tempDir();
    touch(dir, 'D.NEF', 'D.NEF.xmp', 'D.XMP');
    const report = await writeSidecarsFor(path.join(dir, 'D.NEF'), { rating: 2, pick: 0, colorLabel: null }, new SidecarLocator());
    expect(report.problems).toEqual([]);
    expect(report.written.sort()).toEqual([path.join(dir, 'D.NEF.xmp'), path.join(dir, 'D.XMP')].sort());
  });

  it('reads the most recently changed sidecar when there are two', async () => {
    const dir = tempDir();
    touch(dir, 'E.NEF', 'E.NEF.xmp', 'E.xmp');
    fs.utimesSync(path.join(dir, 'E.NEF.xmp'), new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect(await new SidecarLocator().forReading(path.join(dir, 'E.NEF'))).toBe(path.join(dir, 'E.xmp'));
  });
});
