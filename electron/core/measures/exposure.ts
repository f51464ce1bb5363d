import type { RgbImage } from '../decode/decode-photo.js';

export interface ExposureMeasure {
  /** Mean luma, 0..1. */
  readonly mean: number;
  /** Share of pixels with any channel at 254 or more: detail lost to white. */
  readonly clippedHighlights: number;
  /** Share of pixels whose luma is at most 3: detail lost to black. */
  readonly clippedShadows: number;
}

export function measureExposure(image: RgbImage, luma: Float32Array): ExposureMeasure {
  const { data } = image;
  let sum = 0;
  let high = 0;
  let low = 0;
  for (let i = 0, j = 0; i < luma.length; i++, j += 3) {
    const y = luma[i]!;
    sum += y;
    if (data[j]! >= 254 || data[j + 1]! >= 254 || data[j + 2]! >= 254) high++;
    if (y <= 3) low++;
  }
  const n = luma.length || 1;
  return { mean: sum / n / 255, clippedHighlights: high / n, clippedShadows: low / n };
}
