import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { thumbnailsDirFor } from '../core/app-paths.js';
import { WinnowError } from '../core/errors.js';
import { callApi, replyTo } from '../core/api-dispatch.js';
import type { LibraryService } from '../core/library-service.js';
import { libraryWithScans } from '../core/library-with-scans.js';
import { parseMediaPath, resolveMedia } from '../core/media/media-resolver.js';
import { recoverLibrary } from '../core/recovery/recover-library.js';
import { LibraryStore } from '../core/store/library-store.js';
import { IDLE_SCAN_STATUS, isWinnowMethod, type ProviderSetting } from '../shared/api-contract.js';
import { newAccessToken } from './access-token.js';
import { EventHub } from './event-hub.js';
import { hostAllowed, newSessionPath, originAllowed, tokenCookie, tokenSource } from './request-guard.js';
import { callArguments } from './request-body.js';
import { resolveStatic } from './static-files.js';

export interface BrowserHostOptions {
  readonly dbPath: string;
  readonly rendererDir: string;
  /** The quality model used for scans; without one the host browses and decides but cannot scan. */
  readonly modelPath?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly writeSidecars?: boolean;
  readonly token?: string;
  readonly inferenceThreads?: number;
  /** Which execution providers scans try (default: the platform's plan). */
  readonly providers?: ProviderSetting;
  /** Answer browsing reads in a read worker (default true; the UI bench turns it off to compare). */
  readonly readsInWorker?: boolean;
}

export interface BrowserHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly service: LibraryService;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The token travels in the page URL: never let it leak through a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new WinnowError('TOO_LARGE', 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The arguments of an API call: {"args": [...]}, short and shallow (see request-body.ts). */
async function readArgs(req: IncomingMessage): Promise<unknown[]> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req)) as unknown;
  } catch (err) {
    if (err instanceof WinnowError) throw err;
    throw new WinnowError('BAD_REQUEST', 'body is not valid JSON');
  }
  return callArguments(body);
}

const STATUS_BY_CODE: Record<string, number> = { BAD_REQUEST: 400, REFUSED: 403, NOT_FOUND: 404, TOO_LARGE: 413, BUSY: 409, NO_SCANNER: 409, NOT_UNDOABLE_HERE: 409, INTERNAL: 500 };

/**
 * Serves the renderer and the WinnowApi to a browser on this machine: POST /api/<method> with
 * {"args": [...]}, images at /media/<id>/<thumbnail|preview|original>, events on the /events
 * WebSocket. Loopback only; every request must carry the run's token (header, query or the cookie
 * set when the page was opened with it) and name this host in Host.
 */
/**
 * A library on a read-only medium is still served for browsing: decisions then fail with a clear
 * message instead of the host refusing to start.
 */
function openForServing(dbPath: string): LibraryStore {
  try {
    return LibraryStore.open(dbPath);
  } catch (err) {
    if (err instanceof WinnowError && err.code === 'DB_READ_ONLY') return LibraryStore.open(dbPath, { readonly: true });
    throw err;
  }
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  if (!fs.existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new WinnowError('NO_RENDERER', `the user interface is not built (${options.rendererDir} has no index.html): run npm run build`);
  }
  const token = options.token ?? newAccessToken();
  const sessionPath = newSessionPath();
  const dbPath = path.resolve(options.dbPath);
  const store = openForServing(dbPath);
  // What a killed command left half done is finished before anyone browses.
  if (!store.db.readonly) await recoverLibrary(store);
  const thumbnailsDir = thumbnailsDirFor(dbPath);
  const library = libraryWithScans(store, {
    ...(options.readsInWorker === false ? { readsInWorker: false } : {}),
    dbPath,
    thumbnailsDir,
    ...(options.modelPath ? { modelPath: options.modelPath } : {}),
    ...(options.inferenceThreads ? { inferenceThreads: options.inferenceThreads } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    writeSidecars: options.writeSidecars ?? true,
  });
  const { service, scans } = library;
  const hub = new EventHub(() => [{ name: 'scan', payload: scans?.status() ?? IDLE_SCAN_STATUS }]);
  service.onEvent((event) => hub.broadcast(event));

  let port = options.port ?? 0;

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, 'POST only', undefined, { Allow: 'POST' });
    // JSON only: an HTML form cannot send it, so no cross-site form post gets this far.
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, 'application/json only');
    const reply = await replyTo(async () => {
      // Unknown methods are turned away before the body is read.
      if (!isWinnowMethod(method)) throw new WinnowError('NOT_FOUND', 'no such method');
      return callApi(service, method, await readArgs(req));
    }, (line) => console.error(`winnow serve: ${method}: ${line}`));
    sendJson(res, reply.ok ? 200 : (STATUS_BY_CODE[reply.error.code] ?? 400), reply);
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
    const request = parseMediaPath(rest);
    if (!request) return send(res, 400, 'bad media path');
    // The same resolver as the desktop app's protocol: previews included, checked on real paths.
    const resolved = await resolveMedia(store, request, thumbnailsDir);
    if (!resolved.ok) return send(res, resolved.status, resolved.reason);
    const { file, contentType } = resolved;
    const etag = `"${resolved.fingerprint ?? 'none'}-${request.kind}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ...SECURITY_HEADERS, ETag: etag });
      return void res.end();
    }
    const stat = await fs.promises.stat(file);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': String(stat.size), 'Cache-Control': 'private, max-age=300', ETag: etag });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return send(res, 403, 'forbidden host');
    if (!originAllowed(req.headers.origin, port)) return send(res, 403, 'forbidden origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const source = tokenSource(req, url, token);
    if (!source) return send(res, 403, 'a valid token is required: open the URL winnow serve printed');
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice(5));
    if (url.pathname.startsWith('/media/')) return handleMedia(req, res, url.pathname.slice(7));
    if (url.pathname.startsWith(`${sessionPath}media/`)) return handleMedia(req, res, url.pathname.slice(sessionPath.length + 6));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
    // The page lives under the run's session path, where its cookie is sent (see newSessionPath).
    if (url.pathname === '/') return send(res, 303, 'see the session page', undefined, { Location: `${sessionPath}${source === 'query' ? url.search : ''}` });
    if (!url.pathname.startsWith(sessionPath)) return send(res, 404, 'not found');
    const file = await resolveStatic(options.rendererDir, `/${url.pathname.slice(sessionPath.length)}`);
    if (!file) return send(res, 404, 'not found');
    const extra: Record<string, string> = {};
    if (source === 'query') {
      // The page's own requests (scripts, styles, images) cannot carry a header: a strict,
      // HTTP-only cookie scoped to the session path carries the token for them.
      extra['Set-Cookie'] = tokenCookie(token, sessionPath);
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': file.file.endsWith('.html') ? 'no-store' : 'private, max-age=3600',
      ...extra,
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file.file).on('error', () => res.destroy()).pipe(res);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('winnow serve: request failed:', err);
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const ok = url.pathname === '/events' && hostAllowed(req.headers.host, port) && originAllowed(req.headers.origin, port) && tokenSource(req, url, token) !== null;
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    hub.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the library never becomes reachable from the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${sessionPath}?token=${token}`,
    port,
    token,
    service,
    async close() {
      hub.close();
      await library.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
