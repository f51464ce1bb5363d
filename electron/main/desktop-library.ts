import fs from 'node:fs';
import type { LibraryService } from '../core/library-service.js';
import { libraryWithScans } from '../core/library-with-scans.js';
import { recoverLibrary } from '../core/recovery/recover-library.js';
import { LibraryStore } from '../core/store/library-store.js';
import type { StartScanProcess } from '../core/pipeline/scan-runner.js';
import type { ProviderSetting } from '../shared/api-contract.js';

export interface DesktopLibraryOptions {
  readonly databaseFile: string;
  readonly thumbnailsDir: string;
  /** The model's JSON; when it is absent the app browses and decides but cannot scan. */
  readonly modelFile: string;
  /** better-sqlite3 built for Electron's ABI (undefined: node_modules' own, as in tests). */
  readonly sqliteBinding?: string;
  readonly inferenceThreads?: number;
  /** Which execution providers scans try (default: the platform's plan). */
  readonly providers?: ProviderSetting;
  /** Moves a file to the system trash (in the app: Electron's trashItem). */
  readonly trashItem?: (file: string) => Promise<void>;
  /** Starts a scan's process (in the app: an Electron utility process; Node cannot be forked there). */
  readonly startScanProcess?: StartScanProcess;
}

export interface DesktopLibrary {
  readonly store: LibraryStore;
  readonly service: LibraryService;
  readonly canScan: boolean;
  close(): Promise<void>;
}

/**
 * The library the desktop app serves: the store, the scans (in a background process, like the
 * browser host's, so the main process never stalls; it opens the database with the same
 * Electron-built SQLite) and the service that the IPC layer exposes. Plain Node, no Electron: the same wiring as the
 * browser host, tested without a window.
 */
export function openDesktopLibrary(options: DesktopLibraryOptions): DesktopLibrary {
  const store = LibraryStore.open(options.databaseFile, options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {});
  // What a killed session or command left half done (moves, trash, sidecars) is finished in the
  // background at start; each operation is journalled, so this can be repeated safely.
  const recovery = recoverLibrary(store, options.trashItem ? { trashItem: options.trashItem } : {}).catch(() => undefined);
  const canScan = fs.existsSync(options.modelFile);
  const library = libraryWithScans(store, {
    dbPath: options.databaseFile,
    thumbnailsDir: options.thumbnailsDir,
    ...(canScan ? { modelPath: options.modelFile } : {}),
    ...(options.inferenceThreads ? { inferenceThreads: options.inferenceThreads } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {}),
    ...(options.trashItem ? { trashItem: options.trashItem } : {}),
    ...(options.startScanProcess ? { startScanProcess: options.startScanProcess } : {}),
  });
  return {
    store,
    service: library.service,
    canScan,
    async close() {
      await recovery;
      await library.close();
      store.close();
    },
  };
}
