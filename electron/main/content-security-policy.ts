import { MEDIA_SCHEME } from './app-origin.js';

/**
 * The policy the app protocol sends with every response. Nothing remote, ever: the app is
 * offline, so any other origin in a request is a bug or an attack. Images may also come from the
 * media scheme (opaque photo ids) and from data:/blob: URLs the renderer makes itself. No inline
 * or eval'd script, no inline style attributes (Svelte's style: directives go through the CSSOM,
 * which CSP allows), no plugins, no frames, no forms, no <base>.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", `${MEDIA_SCHEME}:`, 'data:', 'blob:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['worker-src', ["'self'"]],
  ['manifest-src', ["'none'"]],
  ['media-src', ["'none'"]],
  ['object-src', ["'none'"]],
  ['frame-src', ["'none'"]],
  ['child-src', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');

/** Headers for every document and asset the app protocol serves. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}
