import type { RgbImage } from '../decode/decode-photo.js';

/** Rec. 709 luma of the sRGB-encoded values, 0..255: what the eye reads as brightness. */
export function lumaOf(image: RgbImage): Float32Array {
  const { data, width, height } = image;
  const out = new Float32Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    out[i] = 0.2126 * data[j]! + 0.7152 * data[j + 1]! + 0.0722 * data[j + 2]!;
  }
  return out;
}
