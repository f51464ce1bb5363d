import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../core/media/media-resolver.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';
import { appResponseHeaders } from './content-security-policy.js';

/**
 * Serves the built renderer (dist/renderer) on app://winnow/. Only files of the build can come
 * out: the URL path is split and decoded segment by segment, anything that could name a parent,
 * a drive, a hidden file or a different separator is refused, the result must stay inside the
 * renderer folder, and the file must be a regular file (a symlink is refused rather than
 * followed). The checks are lexical plus lstat, which also work inside app.asar.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

const MAX_URL_LENGTH = 2048;

export type AssetLookup = { readonly ok: true; readonly file: string; readonly contentType: string } | { readonly ok: false; readonly status: 400 | 403 | 404 };

/** A single decoded path segment is acceptable as a file or folder name of the build. */
function isSafeSegment(segment: string): boolean {
  return (
    segment.length > 0 &&
    segment.length <= 255 &&
    !segment.startsWith('.') && // ".", "..", and hidden files
    !/[\\/:\0]/.test(segment) && // other separators, drive letters and ADS, NUL
    !/[\x00-\x1f]/.test(segment)
  );
}

/** Maps an app:// URL to the file it names inside `rendererDir`, or says why not (no I/O). */
export function assetPathFor(rendererDir: string, rawUrl: string): AssetLookup {
  if (rawUrl.length > MAX_URL_LENGTH) return { ok: false, status: 400 };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return { ok: false, status: 403 };
  const encoded = url.pathname;
  // Encoded separators and NULs are refused before decoding, so decoding cannot create them.
  if (/%(2f|5c|00)/i.test(encoded) || encoded.includes('\\')) return { ok: false, status: 403 };
  const rawSegments = encoded.split('/').slice(1);
  if (rawSegments.at(-1) === '') rawSegments[rawSegments.length - 1] = 'index.html';
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400 };
    }
    if (!isSafeSegment(decoded)) return { ok: false, status: 403 };
    segments.push(decoded);
  }
  const root = path.resolve(rendererDir);
  const file = path.join(root, ...segments);
  if (file === root || !isInside(root, file)) return { ok: false, status: 403 };
  return { ok: true, file, contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** The protocol.handle handler for app://, as a plain function of a fetch Request. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    const lookup = assetPathFor(rendererDir, request.url);
    if (!lookup.ok) return textResponse(lookup.status, 'refused');
    const stat = await fs.lstat(lookup.file).catch(() => null);
    if (!stat) return textResponse(404, 'not found');
    if (!stat.isFile()) return textResponse(403, 'refused');
    const body = request.method === 'HEAD' ? null : await fs.readFile(lookup.file);
    return new Response(body, { status: 200, headers: { ...appResponseHeaders(lookup.contentType), 'Content-Length': String(stat.size) } });
  };
}
