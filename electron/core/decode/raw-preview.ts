import sharp from 'sharp';
import { ExifTool } from 'exiftool-vendored';
import { WinnowError, errorMessage } from '../errors.js';
import type { ExifFields } from './exif-fields.js';

/**
 * RAW files are judged and shown from the JPEG the camera embedded in them, as every culling tool
 * does: it is the camera's own rendering at or near full size, and extracting it costs a fraction
 * of demosaicing the sensor data. ExifTool (through exiftool-vendored) finds the previews in every
 * maker's container and reads the capture EXIF from the RAW itself.
 */
export { RAW_EXTENSIONS, isRawName } from '../scan/raw-formats.js';

/** Below this long side a preview is a thumbnail: too small to judge sharpness or noise. */
export const MIN_USABLE_PREVIEW = 512;

/** The camera's full-size renderings first, thumbnails last. */
const LARGE_PREVIEWS = ['JpgFromRaw', 'PreviewImage', 'OtherImage'] as const;
const SMALL_PREVIEWS = ['ThumbnailImage', 'PreviewTIFF', 'ThumbnailTIFF'] as const;
const FIELDS = ['Orientation', 'Make', 'Model', 'LensModel', 'DateTimeOriginal', 'CreateDate', 'ISO', 'ExposureTime', 'FNumber', 'FocalLength'];

export interface RawPreview {
  /** The largest embedded image (JPEG, or TIFF for a few makers' thumbnails). */
  readonly image: Buffer;
  readonly width: number;
  readonly height: number;
  /** How the RAW says to turn the preview (EXIF 1-8); previews themselves are stored unturned. */
  readonly orientation: number | null;
  readonly exif: ExifFields;
  /** False when even the largest preview is under MIN_USABLE_PREVIEW on its long side. */
  readonly usable: boolean;
}

// One ExifTool process per thread, started on first use and ended when idle, so that neither a
// scan worker nor a host keeps a Perl process alive for nothing.
const IDLE_MS = 10_000;
let exiftool: ExifTool | null = null;
let users = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

async function withExifTool<T>(fn: (et: ExifTool) => Promise<T>): Promise<T> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  exiftool ??= new ExifTool({ maxProcs: 2, taskTimeoutMillis: 30_000 });
  const et = exiftool;
  users++;
  try {
    return await fn(et);
  } finally {
    users--;
    if (users === 0) {
      idleTimer = setTimeout(() => {
        if (users === 0 && exiftool === et) {
          exiftool = null;
          void et.end();
        }
      }, IDLE_MS);
      idleTimer.unref();
    }
  }
}

/** Ends the ExifTool process now (a worker about to exit). */
export async function closeRawReader(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const et = exiftool;
  exiftool = null;
  await et?.end();
}

function binaryBytes(v: unknown): number {
  const m = typeof v === 'string' ? /^\(Binary data (\d+) bytes/.exec(v) : null;
  return m ? Number(m[1]) : 0;
}

function text(v: unknown): string | null {
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return null;
  const t = v.replace(/\0/g, '').trim();
  return t.length > 0 ? t : null;
}

function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

/** EXIF date text ("2021:05:12 12:21:21.92+02:00") as wall-clock time stored as UTC, like the JPEG path. */
export function exifDate(v: unknown): number | null {
  const m = typeof v === 'string' ? /^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?/.exec(v) : null;
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? Math.round(Number(m[7]) * 1000) : 0);
  return Number.isFinite(ms) && +m[1]! > 1900 ? ms : null;
}

function cameraName(make: string | null, model: string | null): string | null {
  if (!model) return make;
  if (!make || model.toLowerCase().startsWith(make.toLowerCase().split(' ')[0]!)) return model;
  return `${make} ${model}`;
}

async function dimensions(image: Buffer): Promise<{ width: number; height: number } | null> {
  try {
    const m = await sharp(image).metadata();
    return m.width && m.height ? { width: m.width, height: m.height } : null;
  } catch {
    // Stripped files keep placeholders of a few bytes where the preview was.
    return null;
  }
}

/** Where each preview tag's position is reported, for reading it straight from the file's bytes. */
const POSITION: Record<string, [start: string, length: string]> = {
  JpgFromRaw: ['JpgFromRawStart', 'JpgFromRawLength'],
  PreviewImage: ['PreviewImageStart', 'PreviewImageLength'],
  OtherImage: ['OtherImageStart', 'OtherImageLength'],
  ThumbnailImage: ['ThumbnailOffset', 'ThumbnailLength'],
};

function lengthOf(tags: Record<string, unknown>, name: string): number {
  const position = POSITION[name];
  const length = position ? tags[position[1]] : undefined;
  return binaryBytes(tags[name]) || (typeof length === 'number' ? length : 0);
}

/**
 * A preview's bytes: sliced from the RAW already in memory where ExifTool gives its offset and a
 * JPEG starts there (TIFF-based RAWs: most makers), else extracted by ExifTool (CR3, CRW, RW2...).
 * Slicing saves pushing megabytes through ExifTool's pipe for each photo.
 */
async function previewBytes(et: ExifTool, tags: Record<string, unknown>, name: string, file: string, raw: Buffer | undefined): Promise<Buffer | null> {
  const position = POSITION[name];
  const start = position ? tags[position[0]] : undefined;
  const length = lengthOf(tags, name);
  if (raw && typeof start === 'number' && start >= 0 && length > 2 && start + length <= raw.length && raw[start] === 0xff && raw[start + 1] === 0xd8) {
    return raw.subarray(start, start + length);
  }
  return et.extractBinaryTagToBuffer(name, file).catch(() => null);
}

/**
 * The largest decodable embedded image of a RAW and the RAW's own EXIF. Throws NO_PREVIEW when
 * the file holds none; a preview too small to judge comes back with usable false. `raw`, the
 * file's bytes when the caller has them, lets most previews be sliced instead of extracted.
 */
export async function readRawPreview(file: string, raw?: Buffer): Promise<RawPreview> {
  return withExifTool(async (et) => {
    let tags: Record<string, unknown>;
    const positions = Object.values(POSITION).flat();
    try {
      tags = await et.readRaw(file, ['-n', '-fast', ...[...LARGE_PREVIEWS, ...SMALL_PREVIEWS, ...positions, ...FIELDS].map((t) => `-${t}`)]);
    } catch (err) {
      throw new WinnowError('RAW_UNREADABLE', `cannot read this RAW file: ${errorMessage(err).split('\n')[0]}`);
    }
    const bySize = (names: readonly string[]) => names.filter((n) => lengthOf(tags, n) > 0).sort((a, b) => lengthOf(tags, b) - lengthOf(tags, a));
    let best: { image: Buffer; width: number; height: number } | null = null;
    // The biggest full-size candidate nearly always is the camera's full rendering: one extraction.
    for (const name of [...bySize(LARGE_PREVIEWS), ...bySize(SMALL_PREVIEWS)]) {
      const image = await previewBytes(et, tags, name, file, raw);
      const size = image ? await dimensions(image) : null;
      if (image && size && (!best || size.width * size.height > best.width * best.height)) best = { image, ...size };
      if (best && Math.max(best.width, best.height) >= MIN_USABLE_PREVIEW) break;
    }
    if (!best) throw new WinnowError('NO_PREVIEW', 'this RAW file holds no embedded preview Winnow can show (Winnow judges RAW files by their embedded JPEG)');
    const orientation = typeof tags.Orientation === 'number' && tags.Orientation >= 1 && tags.Orientation <= 8 ? tags.Orientation : null;
    return {
      ...best,
      orientation,
      usable: Math.max(best.width, best.height) >= MIN_USABLE_PREVIEW,
      exif: {
        takenAt: exifDate(tags.DateTimeOriginal) ?? exifDate(tags.CreateDate),
        camera: cameraName(text(tags.Make), text(tags.Model)),
        lens: text(tags.LensModel),
        iso: positive(tags.ISO),
        exposureTime: positive(tags.ExposureTime),
        aperture: positive(tags.FNumber),
        focalLength: positive(tags.FocalLength),
      },
    };
  });
}
