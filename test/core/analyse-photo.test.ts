import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { analysePhoto, THUMBNAIL_LONG_SIDE } from '../../electron/core/pipeline/analyse-photo.js';
import { thumbnailPath } from '../../electron/core/decode/decode-photo.js';
import { FIXTURE_MODEL, SAMPLES, realPhotos, tempDir } from '../helpers/paths.js';

describe('analysePhoto (one read, one decode, everything derived)', () => {
  const dir = tempDir();
  const thumbs = path.join(dir, 'thumbs');
  let model: QualityModel;
  let source: Buffer;

  beforeAll(async () => {
    model = await QualityModel.load(FIXTURE_MODEL);
    // A real photo enlarged to camera size, so the analysis decode really shrinks it.
    source = await sharp(realPhotos(1)[0]!).resize(3000, 2000, { fit: 'fill' }).jpeg({ quality: 95 }).toBuffer();
  });
  afterAll(async () => model.close());

  async function analyse(name: string, bytes: Buffer) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const result = await analysePhoto(file, model, { thumbnailsDir: thumbs });
    if (!result.ok) throw new Error(`${name}: ${result.message}`);
    return result;
  }

  it('scores a photo whose thumbnail cannot be written, with a thumbnail warning (not a decode failure)', async () => {
    const file = path.join(dir, 'no-thumbnail.jpg');
    fs.writeFileSync(file, source);
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the thumbnail cache should be');
    const result = await analysePhoto(file, model, { thumbnailsDir: blocked });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([{ stage: 'thumbnail', code: expect.any(String), message: expect.stringMatching(/^thumbnail not written: /) }]);
  });

  it('applies EXIF orientation, reads EXIF fields and caches a WebP thumbnail by fingerprint', async () => {
    const rotated = await sharp(source)
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS 6D' }, IFD2: { ISOSpeedRatings: '400', FNumber: '28/10', DateTimeOriginal: '2024:05:01 10:11:12' } })
      .jpeg()
      .toBuffer();
    const r = await analyse('rotated.jpg', rotated);
    expect(r.metadata.orientation).toBe(6);
    expect(r.metadata.camera).toBe('Canon EOS 6D');
    expect(r.metadata.iso).toBe(400);
    expect(r.metadata.aperture).toBeCloseTo(2.8);
    expect(r.metadata.takenAt).toBe(Date.UTC(2024, 4, 1, 10, 11, 12));
    // Stored landscape, displayed portrait: the model saw the upright image.
    expect(r.prediction.mapHeight).toBeGreaterThan(r.prediction.mapWidth);
    const thumb = await sharp(thumbnailPath(thumbs, r.metadata.fingerprint)).metadata();
    expect(thumb.format).toBe('webp');
    expect(Math.max(thumb.width!, thumb.height!)).toBe(THUMBNAIL_LONG_SIDE);
    expect(thumb.height!).toBeGreaterThan(thumb.width!);
  });

  it('measures sharpness, exposure and noise so that each distortion moves its own measure', async () => {
    const clean = await analyse('clean.jpg', source);
    const blurred = await analyse('blurred.jpg', await sharp(source).blur(6).jpeg({ quality: 95 }).toBuffer());
    const bright = await analyse('bright.jpg', await sharp(source).linear(2.2, 40).jpeg({ quality: 95 }).toBuffer());
    const { data, info } = await sharp(source).raw().toBuffer({ resolveWithObject: true });
    let seed = 7;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      data[i] = Math.max(0, Math.min(255, data[i]! + ((seed % 61) - 30)));
    }
    const noisy = await analyse('noisy.jpg', await sharp(data, { raw: info }).jpeg({ quality: 95 }).toBuffer());

    expect(blurred.measures.sharpness).toBeLessThan(clean.measures.sharpness * 0.5);
    expect(bright.measures.clippedHighlights).toBeGreaterThan(clean.measures.clippedHighlights + 0.2);
    expect(bright.measures.mean).toBeGreaterThan(clean.measures.mean);
    expect(noisy.measures.noise).toBeGreaterThan(clean.measures.noise * 2);
  });

  it('measures sharpness at one scale, so a downsized copy of a photo is not called sharper or softer', async () => {
    const big = await analyse('big.jpg', source);
    const half = await analyse('half.jpg', await sharp(source).resize(1800).jpeg({ quality: 95 }).toBuffer());
    expect(half.measures.sharpness / big.measures.sharpness).toBeGreaterThan(0.7);
    expect(half.measures.sharpness / big.measures.sharpness).toBeLessThan(1.4);
  });

  it('reads the formats cameras and phones write', async () => {
    const results = new Map<string, Awaited<ReturnType<typeof analysePhoto>>>();
    for (const name of ['formats/example.png', 'formats/example.tif', 'formats/this-is-a-jpeg.png', 'formats/fox.profile0.8bpc.yuv420.avif', 'metadata/Iceland-P3.jpg', 'formats/iphone_7.heic']) {
      results.set(name, await analysePhoto(path.join(SAMPLES, name), model, { thumbnailsDir: thumbs }));
    }
    for (const [name, r] of results) expect(r.ok, `${name}: ${r.ok ? '' : r.message}`).toBe(true);
    const misnamed = results.get('formats/this-is-a-jpeg.png')!;
    expect(misnamed.metadata?.format).toBe('jpeg');
  });
});
