import { APP_SCHEME, MEDIA_SCHEME, isAppPage } from './app-origin.js';

/**
 * What the app's web contents may do beyond showing the page. The renderer is treated as
 * hostile (it renders file names and EXIF text from arbitrary photos), so every answer is the
 * narrowest that still lets the app work.
 */

/**
 * Navigation (will-navigate, will-frame-navigate, will-redirect): the app is a single page with
 * hash routes, which do not navigate. The only navigation allowed is a top-level reload of the
 * app's own page; frames never navigate anywhere.
 */
export function isNavigationAllowed(targetUrl: string, isMainFrame: boolean): boolean {
  return isMainFrame && isAppPage(targetUrl);
}

/** window.open, target=_blank and friends: never a new window. There are no external links. */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permission requests (camera, notifications, clipboard-read, geolocation, ...) and permission
 * checks: Winnow needs none, so none is granted, whatever the origin asks.
 */
export function isPermissionGranted(_permission: string, _requestingOrigin: string): boolean {
  return false;
}

/** Schemes a request from the app's session may use; anything else (file:, http:, ws:) is cancelled. */
const ALLOWED_REQUEST_SCHEMES = new Set([`${APP_SCHEME}:`, `${MEDIA_SCHEME}:`, 'data:', 'blob:', 'devtools:']);

/** For session.webRequest.onBeforeRequest: true when the request must be cancelled. */
export function shouldBlockRequest(url: string): boolean {
  try {
    return !ALLOWED_REQUEST_SCHEMES.has(new URL(url).protocol);
  } catch {
    return true;
  }
}

/** URL patterns given to onBeforeRequest: the built-in schemes that could reach disk or network. */
export const BLOCKED_REQUEST_PATTERNS = ['file://*/*', 'http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];
