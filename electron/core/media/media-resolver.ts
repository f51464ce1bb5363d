import fs from 'node:fs/promises';
import path from 'node:path';
import { thumbnailPath } from '../decode/decode-photo.js';
import type { LibraryStore } from '../store/library-store.js';

/**
 * Images reach the renderer by opaque id, never by path: a request names a photo id and what of it
 * (its thumbnail or the original file), and the answer is a file only after checking, on real
 * paths, that it lies inside a library root or the thumbnail cache. The Electron protocol handler
 * and the browser host both go through here.
 */
export type MediaKind = 'thumbnail' | 'original';

export interface MediaRequest {
  readonly photoId: number;
  readonly kind: MediaKind;
}

export type MediaResolution =
  | { readonly ok: true; readonly file: string; readonly contentType: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

const CONTENT_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heif',
  tiff: 'image/tiff',
};

/** Parses "<id>/<kind>" strictly: digits only, no separators, no encodings, nothing else. */
export function parseMediaPath(rest: string): MediaRequest | null {
  const m = /^(\d{1,15})\/(thumbnail|original)$/.exec(rest);
  if (!m) return null;
  const photoId = Number(m[1]);
  return Number.isSafeInteger(photoId) && photoId > 0 ? { photoId, kind: m[2] as MediaKind } : null;
}

/** True when `child` is `parent` or inside it, comparing resolved real paths segment-wise. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}

export async function resolveMedia(store: LibraryStore, request: MediaRequest, thumbnailsDir: string): Promise<MediaResolution> {
  const photo = store.db
    .prepare('SELECT p.path, p.fingerprint, p.format, p.missing, r.path AS root FROM photos p JOIN roots r ON r.id = p.root_id WHERE p.id = ?')
    .get(request.photoId) as { path: string; fingerprint: string | null; format: string | null; missing: number; root: string } | undefined;
  if (!photo) return { ok: false, status: 404, reason: 'no such photo' };

  let candidate: string;
  let allowedBase: string;
  let contentType: string;
  if (request.kind === 'thumbnail') {
    if (!photo.fingerprint) return { ok: false, status: 404, reason: 'photo has no thumbnail yet' };
    candidate = thumbnailPath(thumbnailsDir, photo.fingerprint);
    allowedBase = thumbnailsDir;
    contentType = 'image/webp';
  } else {
    if (photo.missing) return { ok: false, status: 404, reason: 'photo file is missing' };
    candidate = photo.path;
    allowedBase = photo.root;
    contentType = CONTENT_TYPES[photo.format ?? ''] ?? 'application/octet-stream';
  }
  const [real, realBase] = await Promise.all([realpathOrNull(candidate), realpathOrNull(allowedBase)]);
  if (!real || !realBase) return { ok: false, status: 404, reason: 'file not found' };
  // Links inside a root may point anywhere; serve only what really lies under a library root.
  const roots = request.kind === 'original' ? await Promise.all(store.roots().map((r) => realpathOrNull(r.path))) : [realBase];
  if (!roots.some((r) => r !== null && isInside(r, real))) return { ok: false, status: 403, reason: 'outside the library' };
  const stat = await fs.stat(real);
  if (!stat.isFile()) return { ok: false, status: 403, reason: 'not a file' };
  return { ok: true, file: real, contentType };
}
