import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseMediaPath, resolveMedia, type MediaKind, type MediaRequest } from '../core/media/media-resolver.js';
import type { LibraryStore } from '../core/store/library-store.js';
import { APP_ORIGIN, MEDIA_PREFIX } from './app-origin.js';

/**
 * winnow-media://photo/<id>/<thumbnail|original>: the renderer names a photo, never a path. The
 * URL is matched on its raw text against one strict shape (no query, fragment, escapes or extra
 * segments), then the core resolver decides, on real paths, whether a file may be served.
 */

/** Longer than any URL of the accepted shape; cheap refusal of junk before any parsing. */
const MAX_URL_LENGTH = MEDIA_PREFIX.length + 15 + '/thumbnail'.length;

export function mediaUrl(photoId: number, kind: MediaKind): string {
  return `${MEDIA_PREFIX}${photoId}/${kind}`;
}

export function parseMediaUrl(rawUrl: string): MediaRequest | null {
  if (rawUrl.length > MAX_URL_LENGTH || !rawUrl.startsWith(MEDIA_PREFIX)) return null;
  return parseMediaPath(rawUrl.slice(MEDIA_PREFIX.length));
}

/**
 * Electron sets initiatorOrigin on protocol requests made by web content. Media is for the app's
 * page only; a request the browser made itself (no initiator) is let through.
 */
export function isAllowedMediaInitiator(initiatorOrigin: string | undefined): boolean {
  return initiatorOrigin === undefined || initiatorOrigin === APP_ORIGIN;
}

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

export interface MediaProtocolOptions {
  readonly store: LibraryStore;
  readonly thumbnailsDir: string;
}

/** The protocol.handle handler for winnow-media://, as a plain function of a fetch Request. */
export function createMediaProtocolHandler({ store, thumbnailsDir }: MediaProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'method not allowed');
    if (!isAllowedMediaInitiator((request as Request & { initiatorOrigin?: string }).initiatorOrigin)) return refusal(403, 'refused');
    const parsed = parseMediaUrl(request.url);
    if (!parsed) return refusal(400, 'bad media URL');
    const resolved = await resolveMedia(store, parsed, thumbnailsDir);
    if (!resolved.ok) return refusal(resolved.status, resolved.reason);
    const headers = {
      'Content-Type': resolved.contentType,
      'Content-Length': String(resolved.size),
      'X-Content-Type-Options': 'nosniff',
      // Ids are stable but a rescan may replace the image behind one: revalidate each time.
      'Cache-Control': 'no-cache',
    };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    // Originals can be tens of megabytes: stream them rather than buffer.
    const body = Readable.toWeb(fs.createReadStream(resolved.file)) as WebReadableStream<Uint8Array>;
    return new Response(body as unknown as ReadableStream<Uint8Array>, { status: 200, headers });
  };
}
