import path from 'node:path';
import { isRawName } from './raw-formats.js';

/**
 * RAW+JPEG pairs: a camera set to write both leaves IMG_1.CR2 and IMG_1.JPG side by side. They are
 * one photo: listed, scored (from the JPEG, the camera's own rendering) and culled once, with the
 * RAW travelling with the JPEG. Stems compare without letter case, as on the cards cameras write.
 */
const JPEG = /\.jpe?g$/i;

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).toLowerCase();
}

/** The RAW among `folderNames` that pairs with a JPEG named `photoName`, or null. */
export function rawPartnerOf(photoName: string, folderNames: readonly string[]): string | null {
  if (!JPEG.test(photoName)) return null;
  const s = stem(photoName);
  return folderNames.find((n) => isRawName(n) && stem(n) === s) ?? null;
}

/** The RAW files among `paths` that have a JPEG of the same stem in the same folder. */
export function pairedRaws(paths: readonly string[]): Set<string> {
  const jpegs = new Set(paths.filter((p) => JPEG.test(p)).map((p) => path.join(path.dirname(p), stem(path.basename(p)))));
  return new Set(paths.filter((p) => isRawName(p) && jpegs.has(path.join(path.dirname(p), stem(path.basename(p))))));
}
