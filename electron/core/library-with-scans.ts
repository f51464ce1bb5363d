import { loadModelMetadata } from './inference/model-metadata.js';
import { LibraryService } from './library-service.js';
import { UiScanControl } from './pipeline/ui-scan-control.js';
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
  readonly writeSidecars?: boolean;
  readonly trashItem?: TrashItem;
}

/**
 * The service every host serves, wired to scans in a worker thread: the desktop app and the
 * browser host differ only in transport, so they build this the same way.
 */
export function libraryWithScans(store: LibraryStore, options: LibraryWithScansOptions): { service: LibraryService; scans: UiScanControl | undefined } {
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
        onStatus: (status) => emit({ name: 'scan', payload: status }),
        onLibraryChanged: () => emit({ name: 'library-changed', payload: null }),
      })
    : undefined;
  const service: LibraryService = new LibraryService(store, {
    ...(scoreRange ? { scoreRange: [scoreRange[0], scoreRange[1]] as const } : {}),
    ...(model ? { currentModel: { name: model.name, version: model.version } } : {}),
    ...(scans ? { scans } : {}),
    writeSidecars: options.writeSidecars ?? true,
    ...(options.trashItem ? { trashItem: options.trashItem } : {}),
  });
  return { service, scans };
}
