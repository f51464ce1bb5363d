import type { Session, WebContents } from 'electron';
import { BLOCKED_REQUEST_PATTERNS, isNavigationAllowed, isPermissionGranted, shouldBlockRequest, windowOpenDecision } from './web-policy.js';

/**
 * Applies the decisions of web-policy.ts to Electron objects. Nothing is decided here: every
 * branch is a call to a tested function.
 */

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionGranted(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  ses.setDevicePermissionHandler((details) => isPermissionGranted(details.deviceType, details.origin));
  ses.webRequest.onBeforeRequest({ urls: BLOCKED_REQUEST_PATTERNS }, (details, callback) => callback({ cancel: shouldBlockRequest(details.url) }));
}

/** For every web contents the app ever creates (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => windowOpenDecision(url));
  contents.on('will-navigate', (event) => {
    if (!isNavigationAllowed(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
