import path from 'node:path';
import { DEFAULT_MODEL_NAME, thumbnailsDirFor } from '../core/app-paths.js';

/** The folder name under the OS's app-data folder; fixed so dev runs and the packaged app agree. */
export const APP_DATA_FOLDER = 'Winnow';

/**
 * The app's data folder: Winnow under the OS's app-data folder, or WINNOW_HOME when set, so the
 * app can open the same library as the CLI (which honours WINNOW_HOME too).
 */
export function userDataFolder(appData: string, winnowHome: string | undefined): string {
  return winnowHome ? path.resolve(winnowHome) : path.join(appData, APP_DATA_FOLDER);
}

/** Where the Electron-ABI build of better-sqlite3 lives, relative to the app root in development. */
export const DEV_NATIVE_DIR = path.join('dist', 'native', 'electron');
export const SQLITE_ADDON = 'better_sqlite3.node';

export interface AppEnvironment {
  readonly isPackaged: boolean;
  /** app.getAppPath(): the repository in development, resources/app.asar when packaged. */
  readonly appPath: string;
  /** process.resourcesPath: where extraResources land in the packaged app. */
  readonly resourcesPath: string;
  /** app.getPath('userData'). */
  readonly userData: string;
  /** The library database: the CLI's default (defaultDatabasePath()), so both open one library. */
  readonly libraryFile: string;
}

export interface AppLocations {
  readonly rendererDir: string;
  readonly preloadFile: string;
  readonly databaseFile: string;
  readonly thumbnailsDir: string;
  readonly windowStateFile: string;
  /** The user's settings (the execution providers scans try); edited by hand for now. */
  readonly settingsFile: string;
  readonly modelFile: string;
  /** better-sqlite3 built for Electron's ABI; node_modules keeps the Node build for tests and CLI. */
  readonly sqliteBinding: string;
}

/**
 * Every path the desktop app uses, decided in one place. Packaged, the models and the native
 * SQLite addon are extra resources beside app.asar (real files, loadable by onnxruntime and
 * dlopen); in development they come from the repository.
 */
export function appLocations(env: AppEnvironment): AppLocations {
  const distDir = path.join(env.appPath, 'dist');
  const databaseFile = env.libraryFile;
  return {
    rendererDir: path.join(distDir, 'renderer'),
    preloadFile: path.join(distDir, 'preload', 'preload.cjs'),
    databaseFile,
    thumbnailsDir: thumbnailsDirFor(databaseFile),
    windowStateFile: path.join(env.userData, 'window-state.json'),
    settingsFile: path.join(env.userData, 'settings.json'),
    modelFile: env.isPackaged
      ? path.join(env.resourcesPath, 'models', `${DEFAULT_MODEL_NAME}.json`)
      : path.join(env.appPath, 'models', `${DEFAULT_MODEL_NAME}.json`),
    sqliteBinding: env.isPackaged ? path.join(env.resourcesPath, 'native', SQLITE_ADDON) : path.join(env.appPath, DEV_NATIVE_DIR, SQLITE_ADDON),
  };
}
