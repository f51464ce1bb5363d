import sharp from 'sharp';
import type { CropRect } from '../inference/input-tensor.js';
import { classifyDecodeError, DEFAULT_PIXEL_LIMIT, type PhotoHeader, type RgbImage } from './decode-photo.js';

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
    let pipeline = sharp(bytes, { limitInputPixels: pixelLimit, failOn: 'truncated' }).rotate().extract(rect);
    if (header.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
    const { data, info } = await pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoder returned ${info.channels} channels`);
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw classifyDecodeError(err, header.format);
  }
}

/** Upright size of a photo (EXIF orientations 5-8 swap the stored sides). */
export function uprightSize(header: PhotoHeader): { width: number; height: number } {
  const swapped = header.orientation !== null && header.orientation >= 5 && header.orientation <= 8;
  return swapped ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}
