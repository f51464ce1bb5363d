import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LibraryService } from '../core/library-service.js';
import { LibraryStore } from '../core/store/library-store.js';
import { WINNOW_METHODS, ipcChannel } from '../shared/api-contract.js';
import { isTrustedSender } from './sender-policy.js';
import { secureWindowOptions } from './window-options.js';

// The Electron layer stays thin: it opens the store, creates the window and forwards the typed
// API over IPC. Everything it decides is a plain function tested without Electron.

const distDir = path.resolve(import.meta.dirname, '../..');
const rendererIndex = path.join(distDir, 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).toString();

if (!app.requestSingleInstanceLock()) app.quit();

async function start(): Promise<void> {
  await app.whenReady();
  const store = LibraryStore.open(path.join(app.getPath('userData'), 'library.db'));
  const service = new LibraryService(store);

  for (const method of WINNOW_METHODS) {
    ipcMain.handle(ipcChannel(method), (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame?.url, frame === event.sender.mainFrame, rendererUrl)) throw new Error('untrusted sender');
      return (service[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    });
  }

  const win = new BrowserWindow(secureWindowOptions(path.join(distDir, 'preload', 'preload.cjs')));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  await win.loadFile(rendererIndex);

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    store.close();
    app.quit();
  });
}

start().catch((err: unknown) => {
  console.error('Winnow failed to start:', err);
  app.exit(1);
});
