import type { MediaKind, WinnowApi, WinnowEventSource } from '../../../../electron/shared/api-contract';
import { createHttpClient } from './http-client';
import type { WinnowClient } from './winnow-client';

interface ElectronGlobals {
  winnow?: WinnowApi;
  winnowEvents?: WinnowEventSource;
}

const NO_EVENTS: WinnowEventSource = { on: () => () => {} };

/**
 * One contract, two transports: inside Electron the preload has put the API on window.winnow;
 * in a browser the page talks to `winnow serve` over HTTP with the token from its URL.
 */
export function connectToHost(win: Window & ElectronGlobals = window): WinnowClient {
  if (win.winnow) {
    return {
      api: win.winnow,
      // Without events the app polls scan status itself (see App).
      events: win.winnowEvents ?? NO_EVENTS,
      mediaUrl: (photoId: number, kind: MediaKind) => `winnow-media://photo/${photoId}/${kind}`,
      canTrash: true,
    };
  }
  return createHttpClient(win.location.origin, takeToken(win), new URL('.', win.location.href).href);
}

const TOKEN_KEY = 'winnow-token';

/**
 * The token arrives in the URL winnow serve printed. It is kept in this tab's sessionStorage
 * (scoped to this origin and port, never sent anywhere) and taken out of the address bar and the
 * history entry, so it is not left on screen, in history or in a bookmark. A reload finds it there.
 */
export function takeToken(win: Window): string {
  const url = new URL(win.location.href);
  const given = url.searchParams.get('token');
  if (given === null) return win.sessionStorage.getItem(TOKEN_KEY) ?? '';
  win.sessionStorage.setItem(TOKEN_KEY, given);
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
  return given;
}
