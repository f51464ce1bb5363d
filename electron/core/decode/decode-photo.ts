import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { readBoundedFile } from '../bounded-file-read.js';
import { WinnowError, errorMessage } from '../errors.js';
import { NO_EXIF, readExifFields, type ExifFields } from './exif-fields.js';
import { cacheTemporaryName } from '../media/cache-temporaries.js';
import { heicSource, isHevcHeif, openOriented, type DecodeSource } from './photo-source.js';
import { isRawName, readRawPreview } from './raw-preview.js';

/** An 8-bit sRGB image, channels interleaved (RGBRGB...), orientation already applied. */
export interface RgbImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

export interface PhotoHeader {
  readonly format: string;
  /** Stored (pre-rotation) dimensions as in the file. */
  readonly width: number;
  readonly height: number;
  readonly orientation: number | null;
  readonly hasAlpha: boolean;
  readonly exif: ExifFields;
  /** Set when the EXIF block exists but cannot be parsed; the photo is still usable. */
  readonly exifError: string | null;
  /** How to decode the pixels; RAW files carry their extracted preview here. */
  readonly source: DecodeSource;
  /** False for a RAW whose largest preview is too small to judge: shown, never scored. */
  readonly judgeable: boolean;
}

/** libvips' own default: 0x3FFF x 0x3FFF pixels. Beyond it a decode can exhaust memory. */
export const DEFAULT_PIXEL_LIMIT = 0x3fff * 0x3fff;

/** Turns sharp/libvips failures into messages a photographer can act on. */
export function classifyDecodeError(err: unknown, format?: string, bytes?: Uint8Array): WinnowError {
  if (err instanceof WinnowError) return err;
  const msg = errorMessage(err);
  // libvips keeps its error text in a buffer all threads share, so with photos decoding side by
  // side a truncated JPEG now and then fails with "Unknown error": the bytes say it as well.
  if (bytes && jpegWithoutEnd(bytes)) return new WinnowError('TRUNCATED', `file is truncated or corrupt: the JPEG data ends before its end marker (${msg.split('\n')[0]})`);
  if (/unsupported image format/i.test(msg)) return new WinnowError('UNSUPPORTED', 'not an image Winnow can read (the content is not a known image format)');
  if (/pixel limit/i.test(msg)) return new WinnowError('TOO_LARGE', 'image is larger than the decoder pixel limit (possible decompression bomb), skipped');
  if (/premature end|truncated|unexpected end|corrupt|bad huffman|not enough data/i.test(msg))
    return new WinnowError('TRUNCATED', `file is truncated or corrupt: ${msg.split('\n')[0]}`);
  if (format === 'heic') return new WinnowError('DECODE_FAILED', `cannot decode this HEIC file: ${msg.split('\n')[0]}`);
  if (format === 'heif' && /(compression format|decoder|plugin|not built|unsupported)/i.test(msg))
    return new WinnowError('NO_DECODER', `this HEIF/HEIC file uses a codec the installed image library cannot decode: ${msg.split('\n')[0]}`);
  return new WinnowError('DECODE_FAILED', `cannot decode image: ${msg.split('\n')[0]}`);
}

/** A JPEG (SOI marker first) whose last bytes, past any zero padding, are not the EOI marker. */
function jpegWithoutEnd(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  let end = bytes.length;
  while (end > 2 && bytes[end - 1] === 0) end--;
  return !(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9);
}

/**
 * The largest photo file Winnow reads (256 MiB; a 100-megapixel 16-bit TIFF is about 600 MB
 * uncompressed, but camera files stay well below). Three photos are in flight, so this bounds the
 * scan's memory whatever lies in the folder.
 */
export const MAX_PHOTO_BYTES = 256 * 1024 * 1024;

/** Reads a photo whole, within MAX_PHOTO_BYTES and only if it is a regular file (see readBoundedFile). */
export async function readPhotoBytes(file: string, maxBytes = MAX_PHOTO_BYTES): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(file, maxBytes, {
      notAFile: () => new WinnowError('NOT_A_FILE', 'not a regular file (a pipe, socket or device); not read'),
      tooLarge: (size) => new WinnowError('FILE_TOO_LARGE', `file is ${Math.round(size / 2 ** 20)} MiB, beyond the ${Math.round(maxBytes / 2 ** 20)} MiB Winnow reads; skipped to protect memory`),
    });
  } catch (err) {
    if (err instanceof WinnowError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM') throw new WinnowError('UNREADABLE', 'permission denied: cannot read file');
    if (e.code === 'ENOENT') throw new WinnowError('VANISHED', 'file disappeared during the scan');
    if (e.code === 'EISDIR') throw new WinnowError('NOT_A_FILE', 'not a regular file');
    throw new WinnowError('UNREADABLE', `cannot read file: ${e.message}`);
  }
  if (bytes.length === 0) throw new WinnowError('EMPTY_FILE', 'file is empty (0 bytes)');
  return bytes;
}

function checkPixelLimit(width: number, height: number, pixelLimit: number): void {
  if (width * height > pixelLimit) {
    throw new WinnowError(
      'TOO_LARGE',
      `image is ${width}x${height} (${Math.round((width * height) / 1e6)} MP), beyond the ${Math.round(pixelLimit / 1e6)} MP decoding limit; skipped to protect memory`,
    );
  }
}

/** A RAW's header: its largest embedded preview's size, and EXIF from the RAW itself. */
async function readRawHeader(file: string, bytes: Buffer, pixelLimit: number): Promise<PhotoHeader> {
  const preview = await readRawPreview(file, bytes.length > 0 ? bytes : undefined);
  checkPixelLimit(preview.width, preview.height, pixelLimit);
  return {
    format: 'raw',
    width: preview.width,
    height: preview.height,
    orientation: preview.orientation,
    hasAlpha: false,
    exif: preview.exif,
    exifError: null,
    source: { kind: 'raw-preview', image: preview.image, orientation: preview.orientation },
    judgeable: preview.usable,
  };
}

/**
 * Header-only read: dimensions, format and EXIF, without decoding pixels. A RAW file (known by its
 * name, since most RAW containers look like TIFFs) needs its path: its preview is extracted here.
 */
export async function readHeader(bytes: Buffer, pixelLimit = DEFAULT_PIXEL_LIMIT, file?: string): Promise<PhotoHeader> {
  if (file !== undefined && isRawName(file)) return readRawHeader(file, bytes, pixelLimit);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw classifyDecodeError(err, undefined, bytes);
  }
  const { format, width, height } = meta;
  if (!format || !width || !height) throw new WinnowError('UNSUPPORTED', 'not an image Winnow can read (no dimensions in header)');
  checkPixelLimit(width, height, pixelLimit);
  let exif = NO_EXIF;
  let exifError: string | null = null;
  if (meta.exif && meta.exif.length > 0) {
    try {
      exif = readExifFields(meta.exif);
    } catch (err) {
      exifError = `EXIF block is damaged and was ignored: ${errorMessage(err)}`;
    }
  }
  if (isHevcHeif(meta)) {
    const source = await heicSource(bytes, meta);
    return { format: 'heic', width, height, orientation: source.kind === 'heic' ? source.orientation : null, hasAlpha: false, exif, exifError, source, judgeable: true };
  }
  return { format, width, height, orientation: meta.orientation ?? null, hasAlpha: meta.hasAlpha ?? false, exif, exifError, source: { kind: 'file' }, judgeable: true };
}

/**
 * The one full decode of a photo: orientation applied, converted to 8-bit sRGB, shrunk on load so
 * that its long side is at most `longSide`. Everything else (model input, measures, thumbnail)
 * is derived from this image.
 */
export async function decodePhoto(bytes: Buffer, header: PhotoHeader, longSide: number, pixelLimit = DEFAULT_PIXEL_LIMIT): Promise<RgbImage> {
  try {
    let pipeline = (await openOriented(bytes, header.source, pixelLimit)).resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true });
    // Transparent areas are judged as if on white paper; photos without alpha skip the step.
    if (header.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoder returned ${info.channels} channels`);
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw classifyDecodeError(err, header.format, bytes);
  }
}

/** Resizes an already decoded image (aspect kept, never enlarged). */
export async function resizeRgb(image: RgbImage, longSide: number): Promise<RgbImage> {
  if (Math.max(image.width, image.height) <= longSide) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize({ width: longSide, height: longSide, fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Copies a rectangle out of an image (plain row copies: cheaper than a libvips round trip). */
export function cropRgb(image: RgbImage, rect: { left: number; top: number; width: number; height: number }): RgbImage {
  const { left, top, width, height } = rect;
  if (left < 0 || top < 0 || width < 1 || height < 1 || left + width > image.width || top + height > image.height)
    throw new Error(`crop ${width}x${height}+${left}+${top} is outside the ${image.width}x${image.height} image`);
  if (left === 0 && top === 0 && width === image.width && height === image.height) return image;
  const data = Buffer.allocUnsafe(width * height * 3);
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    image.data.copy(data, y * rowBytes, from, from + rowBytes);
  }
  return { data, width, height };
}

/** Writes a WebP thumbnail unless one for this content already exists. */
export async function writeThumbnail(image: RgbImage, file: string, longSide: number): Promise<void> {
  try {
    await fs.access(file);
    return;
  } catch {
    // not cached yet
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = cacheTemporaryName(file);
  try {
    await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78, effort: 0 })
      .toFile(tmp);
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

export function thumbnailPath(cacheDir: string, fingerprint: string): string {
  return path.join(cacheDir, fingerprint.slice(0, 2), `${fingerprint}.webp`);
}
