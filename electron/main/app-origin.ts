/**
 * The renderer is served from a privileged custom scheme rather than file://, so the page has a
 * real, unique origin that CSP, the sender check and the navigation policy can name exactly.
 * Images come from a second scheme that only maps opaque photo ids to files.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'winnow';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export const MEDIA_SCHEME = 'winnow-media';
export const MEDIA_HOST = 'photo';
export const MEDIA_PREFIX = `${MEDIA_SCHEME}://${MEDIA_HOST}/`;

/** Paths that are the app's one page; everything else on the origin is an asset. */
const APP_PAGES = new Set(['/', '/index.html']);

/**
 * True when `url` is the app's own page: exact scheme and host, no credentials or port, and the
 * index path. Parsing (not string prefixes) means "app://winnow.evil" or "app://winnow@evil" fail.
 */
export function isAppPage(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    APP_PAGES.has(parsed.pathname)
  );
}
