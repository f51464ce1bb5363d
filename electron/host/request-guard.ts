import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { tokensMatch } from './access-token.js';

export const TOKEN_HEADER = 'x-winnow-token';

/** The cookie carrying the token for requests a page cannot add headers to (scripts, images). */
export const TOKEN_COOKIE = 'winnow_token';

/**
 * The page and its assets live under a random path made for the run, and the token's cookie is
 * scoped to that path. Cookies ignore ports, so a cookie for "/" would also be sent to every other
 * server on 127.0.0.1 the browser visits; one scoped to a path nobody else knows never is.
 */
export function newSessionPath(): string {
  return `/s/${randomBytes(16).toString('base64url')}/`;
}

export function tokenCookie(token: string, sessionPath: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=${sessionPath}; HttpOnly; SameSite=Strict`;
}

/**
 * Host names the server answers to. Checking Host defeats DNS rebinding: a page on evil.example
 * that rebinds its name to 127.0.0.1 still sends "Host: evil.example".
 */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** A WebSocket or fetch from another origin is refused even with a token. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // not a browser cross-origin request (curl, tests)
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type TokenSource = 'header' | 'query' | 'cookie' | null;

/** Which carrier, if any, holds the right token: header (API calls), query (the URL), cookie (assets). */
export function tokenSource(req: IncomingMessage, url: URL, token: string): TokenSource {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && tokensMatch(token, header)) return 'header';
  const query = url.searchParams.get('token');
  if (query !== null && tokensMatch(token, query)) return 'query';
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie !== undefined && tokensMatch(token, cookie)) return 'cookie';
  return null;
}
