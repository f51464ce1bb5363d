import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePhoto, readHeader } from '../../../electron/core/decode/decode-photo.js';
import { readHeifProperties } from '../../../electron/core/decode/heif-properties.js';
import { rgbTiff } from '../../../electron/core/decode/rgb-tiff.js';
import { SAMPLES } from '../../helpers/paths.js';

const FORMATS = path.join(SAMPLES, 'formats');
const read = (name: string) => fs.readFileSync(path.join(FORMATS, name));

describe('HEIC decoding', () => {
  it('decodes iPhone and Samsung HEICs upright, with EXIF orientation only where the file has no irot', async () => {
    // iPhone 7 stores the sensor's landscape with EXIF orientation 6 and no irot; the others rotate with irot.
    const cases = [
      ['iphone_7.heic', false, 6, [1152, 1536]],
      ['iphone_15_pro.heic', true, null, [1152, 1536]],
      ['immich_samsung-one-ui-6.heic', true, null, [1152, 1536]],
      ['immich_IMG_2682.heic', true, null, [1536, 1152]],
    ] as const;
    for (const [name, transformed, orientation, size] of cases) {
      const bytes = read(name);
      expect(readHeifProperties(bytes).transformed, name).toBe(transformed);
      const header = await readHeader(bytes);
      expect(header.format, name).toBe('heic');
      expect(header.orientation, name).toBe(orientation);
      const image = await decodePhoto(bytes, header, 1536);
      expect([image.width, image.height], name).toEqual(size);
      expect(image.data.length).toBe(image.width * image.height * 3);
    }
  }, 120_000);

  it('reads the camera EXIF of a HEIC', async () => {
    const header = await readHeader(read('iphone_15_pro.heic'));
    expect(header.exif.camera).toBe('Apple iPhone 15 Pro');
    expect(header.exif.takenAt).toBe(Date.UTC(2023, 9, 31, 11, 44, 43));
  });

  it('leaves AVIF (AV1) to sharp', async () => {
    const bytes = read('fox.profile0.8bpc.yuv420.avif');
    const header = await readHeader(bytes);
    expect([header.format, header.source.kind]).toEqual(['heif', 'file']);
    expect((await decodePhoto(bytes, header, 512)).width).toBe(512);
  });

  it('gives a truncated HEIC a clear per-photo error', async () => {
    const bytes = read('iphone_7.heic');
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    const failure = await readHeader(cut).then((h) => decodePhoto(cut, h, 512)).then(
      () => null,
      (err: Error & { code?: string }) => err,
    );
    expect(failure?.code).toMatch(/DECODE_FAILED|TRUNCATED/);
    expect(failure?.message).toMatch(/truncated/);
  });

  it('colour-manages decoded pixels through their ICC profile as sharp does a file that carries it', async () => {
    // A Display P3 image with its profile, as an iPhone writes: the same values through rgbTiff
    // must come out in sRGB exactly as sharp converts the tagged PNG.
    const width = 16;
    const height = 4;
    const srgb = Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256));
    const p3png = await sharp(srgb, { raw: { width, height, channels: 3 } }).withIccProfile('p3').png().toBuffer();
    const icc = (await sharp(p3png).metadata()).icc!;
    const p3values = await sharp(p3png, { ignoreIcc: true }).raw().toBuffer();
    const reference = await sharp(p3png).toColourspace('srgb').raw().toBuffer();
    const ours = await sharp(rgbTiff(p3values, width, height, icc)).toColourspace('srgb').raw().toBuffer();
    expect(p3values.equals(reference)).toBe(false);
    expect([...ours]).toEqual([...reference]);
    // Without a profile the values are taken as sRGB, unchanged.
    expect([...(await sharp(rgbTiff(p3values, width, height, null)).toColourspace('srgb').raw().toBuffer())]).toEqual([...p3values]);
  });
});
