import type { IncomingMessage } from 'node:http';
import { tokensMatch } from './access-token.js';

export const TOKEN_HEADER = 'x-winnow-token';

/** The cookie carrying the token for requests a page cannot add headers to (scripts, images). */
export function tokenCookieName(port: number): string {
  // Cookies are shared by every port of a host: the port in the name keeps two hosts apart.
  return `winnow_token_${port}`;
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
export function tokenSource(req: IncomingMessage, url: URL, token: string, port: number): TokenSource {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && tokensMatch(token, header)) return 'header';
  const query = url.searchParams.get('token');
  if (query !== null && tokensMatch(token, query)) return 'query';
  const cookie = cookieValue(req.headers.cookie, tokenCookieName(port));
  if (cookie !== undefined && tokensMatch(token, cookie)) return 'cookie';
  return null;
}
