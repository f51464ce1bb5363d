import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../electron/core/store/library-store.js';
import { appLocations, userDataFolder } from '../../electron/main/app-locations.js';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';

describe('where the desktop app keeps things', () => {
  it('packaged: code in app.asar, model and SQLite addon beside it as resources, data under userData', () => {
    const at = appLocations({ isPackaged: true, appPath: '/opt/Winnow/resources/app.asar', resourcesPath: '/opt/Winnow/resources', userData: '/home/u/.config/Winnow', libraryFile: '/home/u/.local/share/winnow/library.db' });
    expect(at).toEqual({
      rendererDir: '/opt/Winnow/resources/app.asar/dist/renderer',
      preloadFile: '/opt/Winnow/resources/app.asar/dist/preload/preload.cjs',
      databaseFile: '/home/u/.local/share/winnow/library.db',
      thumbnailsDir: '/home/u/.local/share/winnow/thumbnails',
      windowStateFile: '/home/u/.config/Winnow/window-state.json',
      settingsFile: '/home/u/.config/Winnow/settings.json',
      modelFile: '/opt/Winnow/resources/models/winnow-wsp.json',
      sqliteBinding: '/opt/Winnow/resources/native/better_sqlite3.node',
    });
  });

  it('development: everything from the repository, SQLite from dist/native/electron', () => {
    const at = appLocations({ isPackaged: false, appPath: '/src/winnow', resourcesPath: '/x/electron/resources', userData: '/home/u/.config/Winnow', libraryFile: '/home/u/.local/share/winnow/library.db' });
    expect(at.modelFile).toBe('/src/winnow/models/winnow-wsp.json');
    expect(at.sqliteBinding).toBe('/src/winnow/dist/native/electron/better_sqlite3.node');
    expect(at.rendererDir).toBe('/src/winnow/dist/renderer');
  });
});

describe('the data folder', () => {
  it('is Winnow under the app-data folder, or WINNOW_HOME to share the CLI library', () => {
    expect(userDataFolder('/home/u/.config', undefined)).toBe(path.join('/home/u/.config', 'Winnow'));
    expect(userDataFolder('/home/u/.config', '')).toBe(path.join('/home/u/.config', 'Winnow'));
    expect(userDataFolder('/home/u/.config', '/data/photos-db')).toBe(path.resolve('/data/photos-db'));
  });
});

describe('opening the library with an explicit SQLite addon', () => {
  const dir = tempDir('winnow-native-binding-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the addon named by nativeBinding', () => {
    // Node's own build stands in for the Electron one: the option is what is under test.
    const addon = path.join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const store = LibraryStore.open(path.join(dir, 'a.db'), { nativeBinding: addon });
    expect(store.roots()).toEqual([]);
    store.close();
  });

  it('fails as an unreadable database when the addon is missing, never falling back silently', () => {
    expect(() => LibraryStore.open(path.join(dir, 'b.db'), { nativeBinding: path.join(dir, 'missing.node') })).toThrow(expect.objectContaining({ code: 'DB_UNREADABLE' }));
  });
});
