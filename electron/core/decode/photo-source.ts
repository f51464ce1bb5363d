import sharp, { type Metadata, type Sharp } from 'sharp';
import exifReader from 'exif-reader';
import { decodeHeic } from './heic-decoder.js';
import { readHeifProperties } from './heif-properties.js';
import { orient } from './orientation.js';
import { rgbTiff } from './rgb-tiff.js';
import { WinnowError } from '../errors.js';

/**
 * Where a photo's pixels come from. Most formats are decoded by sharp from the file's bytes; HEIC
 * (HEVC inside HEIF, which the prebuilt libvips cannot decode) by libheif in a worker; RAW files
 * through their largest embedded preview.
 */
export type DecodeSource =
  | { readonly kind: 'file' }
  | {
      readonly kind: 'heic';
      /** EXIF orientation to apply: only when the file has no irot/imir of its own. */
      readonly orientation: number | null;
      readonly icc: Buffer | null;
    }
  | { readonly kind: 'raw-preview'; readonly image: Buffer; readonly orientation: number | null };

export function exifOrientation(exif: Buffer | undefined): number | null {
  if (!exif || exif.length === 0) return null;
  try {
    const o = exifReader(exif).Image?.Orientation;
    return typeof o === 'number' && o >= 1 && o <= 8 ? o : null;
  } catch {
    return null;
  }
}

let displayP3: Promise<Buffer | null> | null = null;

/** libvips' own Display P3 profile, for HEICs that describe their colour with nclx codes only. */
function displayP3Profile(): Promise<Buffer | null> {
  displayP3 ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000000' } })
    .withIccProfile('p3')
    .png()
    .toBuffer()
    .then((png) => sharp(png).metadata())
    .then((m) => m.icc ?? null);
  return displayP3;
}

/** HEVC-coded HEIF, which goes to libheif; AV1 (AVIF) stays with sharp. */
export function isHevcHeif(meta: Metadata): boolean {
  return meta.format === 'heif' && meta.compression === 'hevc';
}

export async function heicSource(bytes: Buffer, meta: Metadata): Promise<DecodeSource> {
  const props = readHeifProperties(bytes);
  // libheif decodes what is there of a cut file and fills the rest: that must not pass for a photo.
  if (props.dataEnd > bytes.length) {
    throw new WinnowError('TRUNCATED', `file is truncated: its image data runs to byte ${props.dataEnd} but the file has ${bytes.length}`);
  }
  const icc = meta.icc ?? props.icc ?? (props.nclxPrimaries === 12 ? await displayP3Profile() : null);
  return { kind: 'heic', orientation: props.transformed ? null : exifOrientation(meta.exif), icc };
}

/**
 * A sharp pipeline over the photo's pixels with its orientation applied and its colour profile
 * attached, so that every consumer (scan decode, loupe preview) treats each format as a JPEG.
 */
export async function openOriented(bytes: Buffer, source: DecodeSource, pixelLimit: number): Promise<Sharp> {
  const options = { limitInputPixels: pixelLimit, failOn: 'truncated' as const };
  switch (source.kind) {
    case 'file':
      return sharp(bytes, options).rotate();
    case 'heic': {
      const px = await decodeHeic(bytes);
      return orient(sharp(rgbTiff(px.data, px.width, px.height, source.icc), options), source.orientation);
    }
    case 'raw-preview':
      return orient(sharp(source.image, options), source.orientation);
  }
}
