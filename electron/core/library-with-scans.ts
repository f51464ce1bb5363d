import { loadModelMetadata } from './inference/model-metadata.js';
import { LibraryService } from './library-service.js';
import { UiScanControl } from './pipeline/ui-scan-control.js';
import type { StartScanProcess } from './pipeline/scan-runner.js';
import { ReadWorkerClient } from './reads/read-worker-client.js';
import type { LibraryStore } from './store/library-store.js';
import type { TrashItem } from './culling/trash-rejects.js';
import type { ProviderSetting, WinnowEvent } from '../shared/api-contract.js';

export interface LibraryWithScansOptions {
  readonly dbPath: string;
  readonly thumbnailsDir: string;
  /** The model's JSON; without one the library browses and decides but cannot scan. */
  readonly modelPath?: string;
  readonly inferenceThreads?: number;
  /** Which execution providers scans try (default: the platform's plan). */
  readonly providers?: ProviderSetting;
  /** better-sqlite3 built for Electron's ABI, for the scan worker inside Electron. */
  readonly nativeBinding?: string;
  /** How scans' processes are started (default: Node's fork; the desktop app: utility processes). */
  readonly startScanProcess?: StartScanProcess;
  readonly writeSidecars?: boolean;
  readonly trashItem?: TrashItem;
  /** Answer browsing reads in a read worker on its own connection (default true). */
  readonly readsInWorker?: boolean;
}

export interface LibraryWithScans {
  readonly service: LibraryService;
  readonly scans: UiScanControl | undefined;
  /** Stops the scans (after the photos in flight) and the read worker. */
  close(): Promise<void>;
}

/**
 * The service every host serves, wired to scans in a background process and to a read worker for the
 * UI's reads, so the host's main thread only passes messages: the desktop app and the browser
 * host differ only in transport, so they build this the same way.
 */
export function libraryWithScans(store: LibraryStore, options: LibraryWithScansOptions): LibraryWithScans {
  const model = options.modelPath ? loadModelMetadata(options.modelPath).metadata : undefined;
  const scoreRange = model?.scoreRange;
  // Scans report through the service, built just below: a late-bound reference closes the loop
  // (they report only once a scan runs).
  const emit = (event: WinnowEvent): void => service.emit(event);
  const scans = options.modelPath
    ? new UiScanControl({
        dbPath: options.dbPath,
        modelPath: options.modelPath,
        thumbnailsDir: options.thumbnailsDir,
        intraOpThreads: options.inferenceThreads ?? 1,
        ...(options.providers ? { providers: options.providers } : {}),
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        ...(options.startScanProcess ? { startScanProcess: options.startScanProcess } : {}),
        onStatus: (status) => emit({ name: 'scan', payload: status }),
        onLibraryChanged: () => emit({ name: 'library-changed', payload: null }),
      })
    : undefined;
  const reads = options.readsInWorker === false ? undefined : new ReadWorkerClient({ dbPath: options.dbPath, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  const service: LibraryService = new LibraryService(store, {
    ...(reads ? { reads } : {}),
    ...(scoreRange ? { scoreRange: [scoreRange[0], scoreRange[1]] as const } : {}),
    ...(model ? { currentModel: { name: model.name, version: model.version } } : {}),
    ...(scans ? { scans } : {}),
    writeSidecars: options.writeSidecars ?? true,
    ...(options.trashItem ? { trashItem: options.trashItem } : {}),
  });
  return {
    service,
    scans,
    async close() {
      await scans?.close();
      await reads?.close();
    },
  };
}
