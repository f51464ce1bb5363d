import exifReader from 'exif-reader';
import type { ExifFields } from '../../shared/library-types.js';

export type { ExifFields };

export const NO_EXIF: ExifFields = {
  takenAt: null,
  camera: null,
  lens: null,
  iso: null,
  exposureTime: null,
  aperture: null,
  focalLength: null,
};

function text(v: unknown): string | null {
  // Some firmware (GoPro) writes ASCII tags as undefined-type bytes.
  if (Buffer.isBuffer(v)) v = v.toString('latin1');
  if (typeof v !== 'string') return null;
  // EXIF ASCII ends at its NUL: firmware pads with NULs and spaces, and some (GoPro) leaves
  // whatever memory held after the terminator ("GoPro\0\0 \xfc\xcdx\xc0"). The first non-empty
  // NUL-separated piece is the value; control characters never belong in a name.
  const t = (v.split('\0').find((piece) => piece.trim() !== '') ?? '').replace(/[\x00-\x1f\x7f]/g, '').trim();
  return t.length > 0 ? t : null;
}

function positive(v: unknown): number | null {
  const n = Array.isArray(v) ? v[0] : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

function time(v: unknown): number | null {
  return v instanceof Date && Number.isFinite(v.getTime()) ? v.getTime() : null;
}

/** "Canon" + "Canon EOS 6D" reads better as "Canon EOS 6D" than as both. */
function cameraName(make: string | null, model: string | null): string | null {
  if (!model) return make;
  if (!make || model.toLowerCase().startsWith(make.toLowerCase().split(' ')[0]!)) return model;
  return `${make} ${model}`;
}

/**
 * Reads the fields Winnow sorts and filters by from a raw EXIF block (as sharp returns it).
 * Throws on a block that cannot be parsed; the caller records that and goes on without EXIF.
 */
export function readExifFields(exif: Buffer): ExifFields {
  const tags = exifReader(exif);
  // exif-reader does not throw on a scrambled block: it returns no IFD0. A block that exists but
  // has no IFD0 is damaged, and saying so beats silently showing no camera data.
  if (!tags.Image) throw new Error('the first image directory (IFD0) is missing or points outside the block');
  const image = tags.Image;
  const photo = tags.Photo ?? {};
  // exif-reader gives capture times as if they were UTC: EXIF has no zone unless OffsetTime says
  // so. Keeping "wall clock as UTC" makes sorting stable and display match the camera's clock.
  return {
    takenAt: time(photo.DateTimeOriginal) ?? time(photo.DateTimeDigitized) ?? time(image.DateTime),
    camera: cameraName(text(image.Make), text(image.Model)),
    lens: text(photo.LensModel) ?? text(photo.LensMake),
    iso: positive(photo.ISOSpeedRatings) ?? positive(photo.PhotographicSensitivity),
    exposureTime: positive(photo.ExposureTime),
    aperture: positive(photo.FNumber),
    focalLength: positive(photo.FocalLength),
  };
}
