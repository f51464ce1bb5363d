import type { CustomScheme } from 'electron';
import { APP_SCHEME, MEDIA_SCHEME } from './app-origin.js';

/**
 * Both schemes are "standard" (real origins, relative URLs resolve) and "secure" (treated like
 * https, so the page is a secure context). Neither bypasses CSP or allows service workers. The
 * app scheme takes part in CORS because Vite emits `<script type="module" crossorigin>`, which
 * Chromium fetches in CORS mode; its responses carry no Access-Control-Allow-Origin, so no other
 * origin can read them. Media is plain <img> loads and needs no CORS at all.
 */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
];
