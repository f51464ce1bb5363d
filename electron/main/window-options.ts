import type { BrowserWindowConstructorOptions } from 'electron';
import type { Rect, WindowSizing } from './window-state.js';

export const WINDOW_SIZING: WindowSizing = { width: 1400, height: 900, minWidth: 800, minHeight: 500 };

/**
 * The renderer is treated as untrusted: no Node, isolated from the preload, sandboxed, and with
 * nothing it can open except what the typed API offers.
 */
export function secureWindowOptions(preloadPath: string, bounds?: Rect): BrowserWindowConstructorOptions {
  return {
    ...(bounds ?? { width: WINDOW_SIZING.width, height: WINDOW_SIZING.height }),
    minWidth: WINDOW_SIZING.minWidth,
    minHeight: WINDOW_SIZING.minHeight,
    backgroundColor: '#1e1e1e',
    show: false,
    title: 'Winnow',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}
