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
  const token = new URL(win.location.href).searchParams.get('token') ?? '';
  return createHttpClient(win.location.origin, token);
}
