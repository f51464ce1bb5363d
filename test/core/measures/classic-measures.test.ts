import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../electron/core/decode/decode-photo.js';
import { ROW_STEP, classicMeasures } from '../../../electron/core/measures/classic-measures.js';
import { realPhotos } from '../../helpers/paths.js';

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b], (y * width + x) * 3);
    }
  return { data, width, height };
}

/** Deterministic standard normal samples (Box-Muller on a 32-bit LCG), so a failure reproduces. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

async function decodedPhoto(): Promise<RgbImage> {
  const { data, info } = await sharp(realPhotos(1)[0]!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('classic measures', () => {
  it('finds no detail and no noise in a flat photo, and reads its brightness', () => {
    const m = classicMeasures(image(300, 200, () => [128, 128, 128]));
    expect(m.sharpness).toBe(0);
    expect(m.noise).toBe(0);
    expect(m.mean).toBeCloseTo(128 / 255, 2);
    expect(m.clippedHighlights).toBe(0);
    expect(m.clippedShadows).toBe(0);
  });

  it('counts clipped highlights and shadows on every pixel, by any channel for highlights', () => {
    // Top quarter blown in the red channel only, next quarter black, the rest mid grey.
    const m = classicMeasures(image(256, 256, (_x, y) => (y < 64 ? [255, 90, 90] : y < 128 ? [0, 0, 0] : [120, 120, 120])));
    expect(m.clippedHighlights).toBeCloseTo(0.25, 6);
    expect(m.clippedShadows).toBeCloseTo(0.25, 6);
  });

  it('estimates sensor-like noise in grey levels', () => {
    for (const sigma of [2, 6]) {
      const noise = gaussian(sigma);
      const m = classicMeasures(
        image(768, 512, () => {
          const v = Math.round(128 + sigma * noise());
          return [v, v, v];
        }),
      );
      expect(m.noise).toBeGreaterThan(sigma * 0.85);
      expect(m.noise).toBeLessThan(sigma * 1.15);
    }
  });

  it('calls a photo with one sharp tile sharp, and the same photo blurred soft', async () => {
    const photo = await decodedPhoto();
    const blurred = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } }).blur(3).raw().toBuffer();
    const sharpM = classicMeasures(photo);
    const softM = classicMeasures({ ...photo, data: blurred });
    expect(softM.sharpness).toBeLessThan(sharpM.sharpness * 0.5);
    // A sharp subject on a soft background: only one tile is detailed; the measure follows it.
    const spot = image(1024, 768, (x, y) => (x >= 384 && x < 512 && y >= 256 && y < 384 && (x + y) % 2 ? [200, 200, 200] : [60, 60, 60]));
    expect(classicMeasures(spot).sharpness).toBeGreaterThan(200); // averaged over all 48 tiles it would be about 80
  });

  it('samples rows without moving the measures of real photos by more than a few percent', async () => {
    for (const file of realPhotos(6)) {
      const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const photo = { data, width: info.width, height: info.height };
      const every = classicMeasures(photo, 1);
      const sampled = classicMeasures(photo, ROW_STEP);
      expect(ROW_STEP).toBeGreaterThan(1);
      expect(Math.abs(sampled.sharpness / every.sharpness - 1)).toBeLessThan(0.04);
      expect(Math.abs(sampled.noise / every.noise - 1)).toBeLessThan(0.04);
      // Exposure is not sampled: every pixel counts.
      expect([sampled.mean, sampled.clippedHighlights, sampled.clippedShadows]).toEqual([every.mean, every.clippedHighlights, every.clippedShadows]);
    }
  });

  it('handles photos smaller than a tile or a mask', () => {
    for (const [w, h] of [
      [1, 1],
      [2, 1],
      [1, 5],
      [3, 3],
      [130, 2],
    ] as const) {
      const m = classicMeasures(image(w, h, (x, y) => [(x * 50) % 256, (y * 70) % 256, 30]));
      for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
    }
  });
});
