import type { BackgroundPriority } from '../cpu-priority.js';
import type { ScanProgress, ScanReport } from './scan-library.js';

/** What the scan worker is told to do. */
export interface ScanJob {
  readonly dbPath: string;
  readonly modelPath: string;
  readonly thumbnailsDir: string;
  readonly rootPath: string;
  readonly intraOpThreads?: number;
  readonly forceCpu?: boolean;
  readonly providers?: readonly string[];
  readonly concurrency?: number;
  /** Photos written per transaction (default: scanLibrary's). */
  readonly batchSize?: number;
  /** better-sqlite3 built for Electron's ABI, when the worker runs inside Electron. */
  readonly nativeBinding?: string;
  /** Run at background priority, below a UI host that answers a page (see cpu-priority.ts). */
  readonly background?: boolean;
}

export type ControlMessage = { readonly type: 'pause' } | { readonly type: 'resume' } | { readonly type: 'cancel' };

/** What the scan worker is sent: its job first, then control. */
export type ToScanWorker = { readonly type: 'start'; readonly job: ScanJob } | ControlMessage;

export interface ScanWorkerPlace {
  readonly pid: number;
  readonly priority: 'as started' | BackgroundPriority;
}

export type WorkerMessage =
  /**
   * What scoring runs on, and why providers before it were passed over ("webgpu: ..."). Sent when
   * the model is loaded, and again if its provider is given up on the first photo.
   */
  | {
      readonly type: 'started';
      readonly execution: string;
      readonly fallbacks: readonly string[];
      readonly skipped: readonly string[];
      /** The process the scan runs in, and the priority it runs at. */
      readonly runsIn: ScanWorkerPlace;
    }
  | { readonly type: 'progress'; readonly progress: ScanProgress }
  /** Paused with no photo in flight; the progress is the final count until a resume. */
  | { readonly type: 'held'; readonly progress: ScanProgress | null }
  | { readonly type: 'done'; readonly report: ScanReport }
  | { readonly type: 'failed'; readonly code: string; readonly message: string };
