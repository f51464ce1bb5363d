import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** File > Add Library Folder…: the native folder picker, then the folder becomes a root. */
  readonly addLibraryFolder: () => void;
}

export interface MenuContext {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** Reload and developer tools only in development: a packaged app has no use for them. */
  readonly developer: boolean;
}

export const ADD_FOLDER_ACCELERATOR = 'CmdOrCtrl+O';

/**
 * The native menu as data. Only shortcuts with a modifier live here: single-key culling keys
 * (P, X, 1-5, arrows) belong to the renderer, because a menu accelerator would also fire while
 * the user types in a text field.
 */
export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: context.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { id: 'add-library-folder', label: 'Add Library Folder…', accelerator: ADD_FOLDER_ACCELERATOR, click: () => actions.addLibraryFolder() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(context.developer ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ label: '&Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] });
  if (!mac) template.push({ label: '&Help', submenu: [{ role: 'about', label: `About ${context.appName}` }] });
  return template;
}
