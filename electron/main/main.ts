import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import fs from 'node:fs';
import { defaultDatabasePath } from '../core/app-paths.js';
import { errorMessage } from '../core/errors.js';
import type { LibraryService } from '../core/library-service.js';
import { EVENT_CHANNEL, ipcChannel } from '../shared/api-contract.js';
import { appLocations, userDataFolder, type AppLocations } from './app-locations.js';
import { APP_INDEX_URL, APP_SCHEME, MEDIA_SCHEME } from './app-origin.js';
import { createAppProtocolHandler } from './app-protocol.js';
import { openDesktopLibrary, type DesktopLibrary } from './desktop-library.js';
import { eventProblem, shouldDeliverEvent } from './event-channel.js';
import { hardenSession, hardenWebContents } from './harden.js';
import { replyTo } from '../core/api-dispatch.js';
import { createIpcCalls } from './ipc-dispatch.js';
import { chooseLibraryFolder } from './library-folder.js';
import { createMediaProtocolHandler } from './media-protocol.js';
import { buildMenuTemplate } from './menu-template.js';
import { PRIVILEGED_SCHEMES } from './privileged-schemes.js';
import { readSettingsFile, resolveProviderSetting } from './provider-setting.js';
import { startScanUtilityProcess } from './scan-utility-process.js';
import type { SenderFrame } from './sender-policy.js';
import { secureWindowOptions, WINDOW_SIZING } from './window-options.js';
import { placeWindow } from './window-state.js';
import { readWindowState, writeWindowState } from './window-state-file.js';

// The Electron layer stays thin: it wires Electron objects to decisions made by plain, tested
// functions (the other modules of this folder) and to the core.

// Before 'ready': schemes, sandboxing and the data folder cannot change afterwards.
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
app.enableSandbox();
app.setPath('userData', userDataFolder(app.getPath('appData'), process.env.WINNOW_HOME));

function senderFrameOf(event: IpcMainInvokeEvent): SenderFrame | null {
  const frame = event.senderFrame;
  return frame ? { url: frame.url, isMainFrame: frame.parent === null && frame === event.sender.mainFrame } : null;
}

function openLibrary(locations: AppLocations): DesktopLibrary {
  if (!fs.existsSync(locations.sqliteBinding)) {
    throw new Error(`SQLite for Electron is missing at ${locations.sqliteBinding}; run "npm run native:electron" (see README: The desktop app).`);
  }
  const saved = readSettingsFile(locations.settingsFile);
  const { setting, problems } = resolveProviderSetting(process.argv.slice(1), saved.value);
  for (const p of [saved.problem, ...problems]) if (p) console.warn(`winnow: ${p}`);
  // Paths handed to the trash come from the library database, never from the page.
  return openDesktopLibrary({ ...locations, providers: setting, trashItem: (file) => shell.trashItem(file), startScanProcess: startScanUtilityProcess });
}

function registerIpc(service: LibraryService): void {
  for (const [method, call] of createIpcCalls(service)) {
    ipcMain.handle(ipcChannel(method), (event, ...args: unknown[]) => replyTo(() => call(senderFrameOf(event), args), (line) => console.warn(`winnow: ${method}: ${line}`)));
  }
}

function createWindow(locations: AppLocations): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const placed = placeWindow(readWindowState(locations.windowStateFile), workAreas, WINDOW_SIZING);
  const win = new BrowserWindow(secureWindowOptions(locations.preloadFile, placed.bounds));
  if (placed.maximized) win.maximize();
  win.on('close', () => {
    try {
      writeWindowState(locations.windowStateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      console.warn('winnow: could not save the window state:', err);
    }
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Pushes the service's events to the window while it shows the app's page. */
function forwardEvents(service: LibraryService, win: BrowserWindow): void {
  service.onEvent((event) => {
    if (win.isDestroyed() || !shouldDeliverEvent(win.webContents.getURL())) return;
    const problem = eventProblem(event);
    if (problem) return console.error(`winnow: not sending ${problem}`);
    win.webContents.send(EVENT_CHANNEL, event);
  });
}

async function addLibraryFolder(win: BrowserWindow, library: DesktopLibrary): Promise<void> {
  const picked = await dialog.showOpenDialog(win, { title: 'Add Library Folder', buttonLabel: 'Add Folder', properties: ['openDirectory', 'createDirectory'] });
  const choice = await chooseLibraryFolder(picked, library.store.roots());
  // addRoot queues the first scan and tells the renderer the library changed.
  if (choice.action === 'add') await library.service.addRoot(choice.path);
  else if (choice.action === 'already-covered') {
    await dialog.showMessageBox(win, { type: 'info', message: 'This folder is already in your library', detail: `It is inside ${choice.root.path}.` });
  }
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  await app.whenReady();

  const locations = appLocations({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath, userData: app.getPath('userData'), libraryFile: defaultDatabasePath() });
  const library = openLibrary(locations);
  // Let a running scan stop after the photos in flight and the database close cleanly first.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void library.close().catch((err: unknown) => console.error('winnow: closing the library failed:', err)).finally(() => {
      closed = true;
      app.quit();
    });
  });

  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(locations.rendererDir));
  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler({ store: library.store, thumbnailsDir: locations.thumbnailsDir }));
  registerIpc(library.service);

  const win = createWindow(locations);
  forwardEvents(library.service, win);
  const template = buildMenuTemplate({ platform: process.platform, appName: 'Winnow', developer: !app.isPackaged }, { addLibraryFolder: () => void addLibraryFolder(win, library).catch(reportError) });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  await win.loadURL(APP_INDEX_URL);
}

function reportError(err: unknown): void {
  console.error('winnow:', err);
  dialog.showErrorBox('Winnow', errorMessage(err));
}

start().catch((err: unknown) => {
  if (app.isReady()) reportError(err);
  else console.error('Winnow failed to start:', err);
  app.exit(1);
});
