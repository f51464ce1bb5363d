import sharp from 'sharp';
import { lumaX256 } from '../measures/luma.js';

/**
 * A 64-bit difference hash: the image shrunk to 9x8 grey cells, one bit per horizontal neighbour
 * pair (is the left one brighter?). Frames of one burst differ in focus, a little framing and
 * expression, none of which survives at 9x8, while a different scene flips many bits. Blur in
 * particular barely moves it, which is what grouping a sharp frame with its soft siblings needs.
 * Returned as 16 hex digits.
 */
export async function dHash(input: string | Buffer): Promise<string> {
  // A few hundred pixels a side already average into the same 9x8 cells as the full image.
  const { data, info } = await sharp(input, { failOn: 'none' })
    .rotate()
    .resize({ width: 288, height: 288, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return dHashOfRgb({ data, width: info.width, height: info.height });
}

const COLS = 9;
const ROWS = 8;

/**
 * The same hash from an image already decoded (8-bit interleaved RGB, oriented), so the scan can
 * hash the image it holds instead of decoding the file again. Each cell is the plain mean of its
 * pixels' grey (area averaging), one pass in JavaScript: cheaper than handing the pixels to libvips.
 */
export function dHashOfRgb(image: { readonly data: Uint8Array; readonly width: number; readonly height: number }): string {
  const { data, width, height } = image;
  const sums = new Float64Array(COLS * ROWS);
  const counts = new Float64Array(COLS * ROWS);
  const cellOfX = new Int32Array(width);
  for (let x = 0; x < width; x++) cellOfX[x] = Math.min(COLS - 1, Math.floor((x * COLS) / width));
  for (let y = 0; y < height; y++) {
    const rowBase = Math.min(ROWS - 1, Math.floor((y * ROWS) / height)) * COLS;
    for (let x = 0, j = y * width * 3; x < width; x++, j += 3) {
      const cell = rowBase + cellOfX[x]!;
      sums[cell] = sums[cell]! + lumaX256(data[j]!, data[j + 1]!, data[j + 2]!);
      counts[cell] = counts[cell]! + 1;
    }
  }
  const grey = sums.map((sum, i) => (counts[i]! > 0 ? sum / counts[i]! : 0));
  let hex = '';
  for (let row = 0; row < ROWS; row++) {
    let bits = 0;
    for (let col = 0; col < COLS - 1; col++) bits = (bits << 1) | (grey[row * COLS + col]! > grey[row * COLS + col + 1]! ? 1 : 0);
    hex += bits.toString(16).padStart(2, '0');
  }
  return hex;
}

function popcount32(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Bits that differ between two 16-hex-digit hashes (0 identical, 64 opposite). */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== 16 || b.length !== 16) throw new Error(`dHash values must be 16 hex digits ("${a}", "${b}")`);
  const hi = parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16);
  const lo = parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16);
  return popcount32(hi) + popcount32(lo);
}
