import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PIXEL_LIMIT, readHeader, readPhotoBytes } from '../decode/decode-photo.js';
import { openOriented } from '../decode/photo-source.js';
import { cacheTemporaryName } from './cache-temporaries.js';

/**
 * Browsers cannot show TIFF, HEIC or RAW and a 50 MP JPEG is slow to zoom, so the loupe shows a
 * display-size rendition: long side 2,560 px (enough for 100% on most screens, a fraction of the
 * original's pixels), JPEG, orientation applied, made once per file content and cached by
 * fingerprint beside the thumbnails.
 */
export const PREVIEW_LONG_SIDE = 2560;
const PREVIEW_QUALITY = 88;

export function previewsDirFor(thumbnailsDir: string): string {
  return path.join(path.dirname(thumbnailsDir), 'previews');
}

export function previewPath(previewsDir: string, fingerprint: string): string {
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(fingerprint)) throw new Error('fingerprint is not a safe file name');
  return path.join(previewsDir, fingerprint.slice(0, 2), `${fingerprint}.jpg`);
}

const inFlight = new Map<string, Promise<string>>();

async function render(original: string, target: string): Promise<string> {
  try {
    await fs.access(target);
    return target;
  } catch {
    // not cached yet
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = cacheTemporaryName(target);
  try {
    // Decoded as the scan decodes: HEIC in libheif's worker, RAW from its largest embedded preview.
    const bytes = await readPhotoBytes(original);
    const header = await readHeader(bytes, DEFAULT_PIXEL_LIMIT, original);
    await (await openOriented(bytes, header.source, DEFAULT_PIXEL_LIMIT))
      .resize({ width: PREVIEW_LONG_SIDE, height: PREVIEW_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: PREVIEW_QUALITY })
      .toFile(tmp);
    // Renamed into place whole, so a reader never sees half a file.
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return target;
}

/** The preview file for an original, rendering it on first request; concurrent requests share one render. */
export function ensurePreview(original: string, fingerprint: string, previewsDir: string): Promise<string> {
  const target = previewPath(previewsDir, fingerprint);
  let pending = inFlight.get(target);
  if (!pending) {
    pending = render(original, target).finally(() => inFlight.delete(target));
    inFlight.set(target, pending);
  }
  return pending;
}
