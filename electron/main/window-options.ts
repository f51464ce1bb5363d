import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The renderer is treated as untrusted: no Node, isolated from the preload, sandboxed, and with
 * nothing it can open except what the typed API offers.
 */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    backgroundColor: '#1e1e1e',
    show: false,
    title: 'Winnow',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}
