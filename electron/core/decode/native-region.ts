import type { CropRect } from '../inference/input-tensor.js';
import { classifyDecodeError, DEFAULT_PIXEL_LIMIT, type PhotoHeader, type RgbImage } from './decode-photo.js';
import { openOriented } from './photo-source.js';

/**
 * A rectangle of the photo at its own pixel scale (orientation applied, 8-bit sRGB), for the
 * focus pass. Coordinates are in the upright photo.
 *
 * This is a second, partial decode. For a JPEG, libvips reads rows sequentially and stops below
 * the rectangle, so a region in the middle of a 24 MP photo costs about half a full decode
 * instead of the whole; it is still the most expensive part of the focus pass.
 */
export async function decodeNativeRegion(bytes: Buffer, header: PhotoHeader, rect: CropRect, pixelLimit = DEFAULT_PIXEL_LIMIT): Promise<RgbImage> {
  try {
    let pipeline = (await openOriented(bytes, header.source, pixelLimit)).extract(rect);
    if (header.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
    const { data, info } = await pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoder returned ${info.channels} channels`);
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw classifyDecodeError(err, header.format, bytes);
  }
}

/**
 * Upright size of the decoded photo at its own scale: its stored long side, on the side the
 * (already upright) analysis image has it. Floored, so a crop placed within it is always inside.
 */
export function uprightSize(header: PhotoHeader, analysis: { readonly width: number; readonly height: number }): { width: number; height: number } {
  const scale = Math.max(header.width, header.height) / Math.max(analysis.width, analysis.height);
  return { width: Math.floor(analysis.width * scale), height: Math.floor(analysis.height * scale) };
}
