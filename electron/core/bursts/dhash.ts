import sharp, { type Sharp } from 'sharp';

/**
 * A 64-bit difference hash: the image shrunk to 9x8 grey pixels, one bit per horizontal neighbour
 * pair (is the left one brighter?). Frames of one burst differ in focus, a little framing and
 * expression, none of which survives at 9x8, while a different scene flips many bits. Blur in
 * particular barely moves it, which is what grouping a sharp frame with its soft siblings needs.
 * Returned as 16 hex digits.
 */
export async function dHash(input: string | Buffer): Promise<string> {
  return hashOf(sharp(input, { failOn: 'none' }).rotate());
}

/**
 * The same hash from an image already decoded (8-bit interleaved RGB, oriented), so the scan can
 * hash the analysis image it holds instead of decoding the file again.
 */
export function dHashOfRgb(image: { readonly data: Buffer; readonly width: number; readonly height: number }): Promise<string> {
  return hashOf(sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }));
}

async function hashOf(image: Sharp): Promise<string> {
  const { data, info } = await image
    .greyscale()
    .resize(9, 8, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  let hex = '';
  for (let row = 0; row < 8; row++) {
    let nibbles = 0;
    for (let col = 0; col < 8; col++) {
      const left = data[(row * 9 + col) * channels]!;
      const right = data[(row * 9 + col + 1) * channels]!;
      nibbles = (nibbles << 1) | (left > right ? 1 : 0);
    }
    hex += nibbles.toString(16).padStart(2, '0');
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
