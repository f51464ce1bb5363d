import type { RgbImage } from '../decode/decode-photo.js';
import type { ExposureMeasure } from './exposure.js';

/**
 * Rec. 709 luma of the sRGB-encoded values (0..255, what the eye reads as brightness), and the
 * exposure measures gathered in the same pass over the pixels.
 */
export function lumaAndExposure(image: RgbImage): { luma: Float32Array; exposure: ExposureMeasure } {
  const { data, width, height } = image;
  const n = width * height;
  const luma = new Float32Array(n);
  let sum = 0;
  let high = 0;
  let low = 0;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = data[j]!;
    const g = data[j + 1]!;
    const b = data[j + 2]!;
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    luma[i] = y;
    sum += y;
    // Any channel at 254+ has lost detail to white; luma at 3 or below has lost it to black.
    if (r >= 254 || g >= 254 || b >= 254) high++;
    if (y <= 3) low++;
  }
  const count = n || 1;
  return { luma, exposure: { mean: sum / count / 255, clippedHighlights: high / count, clippedShadows: low / count } };
}
