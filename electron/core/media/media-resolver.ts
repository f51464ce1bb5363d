import fs from 'node:fs/promises';
import path from 'node:path';
import type { MediaKind } from '../../shared/api-contract.js';
import { thumbnailPath } from '../decode/decode-photo.js';
import type { LibraryStore, MediaLocation } from '../store/library-store.js';
import { ensurePreview, previewsDirFor } from './preview-renderer.js';

export type { MediaKind };

/**
 * Images reach the renderer by opaque id, never by path: a request names a photo id and what of it
 * (its thumbnail, a display-size preview or the original file), and the answer is a file only
 * after checking, on real paths, that it lies inside that photo's library root, the thumbnail
 * cache or the preview cache. The Electron protocol handler and the browser host both go through
 * here, so every check lives here and not in a transport.
 */
export const MEDIA_KINDS: readonly MediaKind[] = ['thumbnail', 'preview', 'original'];

export interface MediaRequest {
  readonly photoId: number;
  readonly kind: MediaKind;
}

export type MediaResolution =
  | {
      readonly ok: true;
      readonly file: string;
      readonly contentType: string;
      readonly size: number;
      /** The photo's content fingerprint (null before its first analysis): what a cache validator can name. */
      readonly fingerprint: string | null;
    }
  | { readonly ok: false; readonly status: 400 | 403 | 404 | 422; readonly reason: string };

const CONTENT_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heif',
  heic: 'image/heic',
  tiff: 'image/tiff',
};

/** Ids are database rowids; 15 digits is beyond any library and below 2^53. Canonical only: no leading zeros. */
const MEDIA_PATH = /^([1-9][0-9]{0,14})\/(thumbnail|preview|original)$/;

/** Fingerprints name cache files, so anything but plain hex must never become a path segment. */
const FINGERPRINT = /^[0-9a-f]{16,128}$/;

/**
 * Parses "<id>/<kind>" strictly: ASCII digits only, one literal slash, a known kind. Percent
 * escapes, dots, backslashes, NULs, extra segments and leading zeros are all refused, so an
 * accepted string is exactly `${photoId}/${kind}` and no decoding step can turn it into a path.
 */
export function parseMediaPath(rest: string): MediaRequest | null {
  const m = MEDIA_PATH.exec(rest);
  if (!m) return null;
  const photoId = Number(m[1]);
  return Number.isSafeInteger(photoId) && photoId > 0 ? { photoId, kind: m[2] as MediaKind } : null;
}

/**
 * True when `child` is `parent` or inside it. Both must already be real (resolved) paths; the
 * comparison is segment-wise, so "/lib2" is not inside "/lib" and a file named "..x" is.
 * path.relative compares case-insensitively on Windows, as that file system does.
 */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  if (rel === '') return true;
  if (path.isAbsolute(rel)) return false; // another drive on Windows
  return rel !== '..' && !rel.startsWith(`..${path.sep}`);
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}

/** Where a request may be served from: the candidate file and the one folder it must lie in. */
function candidateFor(photo: MediaLocation, kind: 'thumbnail' | 'original', thumbnailsDir: string): { file: string; base: string; contentType: string } | MediaResolution {
  if (kind === 'thumbnail') {
    if (!photo.fingerprint) return { ok: false, status: 404, reason: 'photo has no thumbnail yet' };
    if (!FINGERPRINT.test(photo.fingerprint)) return { ok: false, status: 403, reason: 'malformed fingerprint' };
    return { file: thumbnailPath(thumbnailsDir, photo.fingerprint), base: thumbnailsDir, contentType: 'image/webp' };
  }
  if (photo.missing) return { ok: false, status: 404, reason: 'photo file is missing' };
  // Paths in the database were written by the scanner, but the database is a file on disk: do
  // not trust it to be absolute or free of NULs.
  if (!path.isAbsolute(photo.path) || !path.isAbsolute(photo.root) || photo.path.includes('\0') || photo.root.includes('\0')) {
    return { ok: false, status: 403, reason: 'malformed library path' };
  }
  return { file: photo.path, base: photo.root, contentType: CONTENT_TYPES[photo.format ?? ''] ?? 'application/octet-stream' };
}

/** The file if it really (after links) lies inside `base` and is a regular file. */
async function confine(file: string, base: string, contentType: string, fingerprint: string | null): Promise<MediaResolution> {
  const [real, realBase] = await Promise.all([realpathOrNull(file), realpathOrNull(base)]);
  if (!real || !realBase) return { ok: false, status: 404, reason: 'file not found' };
  // Links inside a root may point anywhere: serve only what really lies under this photo's own
  // root (or the cache), judged on both sides' real paths.
  if (!isInside(realBase, real)) return { ok: false, status: 403, reason: 'outside the library' };
  const stat = await fs.stat(real).catch(() => null);
  if (!stat) return { ok: false, status: 404, reason: 'file not found' };
  if (!stat.isFile()) return { ok: false, status: 403, reason: 'not a file' };
  return { ok: true, file: real, contentType, size: stat.size, fingerprint };
}

export async function resolveMedia(store: LibraryStore, request: MediaRequest, thumbnailsDir: string): Promise<MediaResolution> {
  if (!Number.isSafeInteger(request.photoId) || request.photoId <= 0 || !MEDIA_KINDS.includes(request.kind)) {
    return { ok: false, status: 400, reason: 'bad media request' };
  }
  const photo = store.mediaLocation(request.photoId);
  if (!photo) return { ok: false, status: 404, reason: 'no such photo' };

  const candidate = candidateFor(photo, request.kind === 'preview' ? 'original' : request.kind, thumbnailsDir);
  if ('ok' in candidate) return candidate;
  const resolved = await confine(candidate.file, candidate.base, candidate.contentType, photo.fingerprint);
  if (request.kind !== 'preview' || !resolved.ok) return resolved;

  // A preview is rendered from the original that passed the checks above, into the preview cache,
  // and is itself checked against that cache like a thumbnail.
  if (!photo.fingerprint) return { ok: false, status: 404, reason: 'photo not analysed yet' };
  if (!FINGERPRINT.test(photo.fingerprint)) return { ok: false, status: 403, reason: 'malformed fingerprint' };
  const previewsDir = previewsDirFor(thumbnailsDir);
  let preview: string;
  try {
    preview = await ensurePreview(resolved.file, photo.fingerprint, previewsDir);
  } catch (err) {
    return { ok: false, status: 422, reason: `cannot render a preview: ${(err as Error).message.split('\n')[0]}` };
  }
  return confine(preview, previewsDir, 'image/jpeg', photo.fingerprint);
}
