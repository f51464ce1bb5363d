import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readExifFields } from '../../../electron/core/decode/exif-fields.js';
import { REPO_ROOT } from '../../helpers/paths.js';

const METADATA = path.resolve(REPO_ROOT, '../shared/data/samples/metadata');

async function exifOf(input: string | Buffer): Promise<Buffer> {
  const { exif } = await sharp(input).metadata();
  if (!exif) throw new Error('no EXIF block');
  return exif;
}

describe('EXIF text fields', () => {
  it('reads the GoPro camera name clean, without the bytes its firmware leaves after the terminator', async () => {
    const fields = readExifFields(await exifOf(path.join(METADATA, 'gopro_hd2.jpg')));
    expect(fields.camera).toBe('GoPro HD2');
  });

  it('keeps ordinary names as they are', async () => {
    const buffer = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R5  ' } })
      .jpeg()
      .toBuffer();
    expect(readExifFields(await exifOf(buffer)).camera).toBe('Canon EOS R5');
  });
});
