import type { ScanControl } from '../core/library-service.js';
import { errorMessage } from '../core/errors.js';
import type { QualityModel } from '../core/inference/quality-model.js';
import { scanLibrary, type ScanProgress } from '../core/pipeline/scan-library.js';
import type { LibraryStore } from '../core/store/library-store.js';
import type { ScanStatus } from '../shared/api-contract.js';

export interface ScanQueueOptions {
  readonly thumbnailsDir: string;
  /** Loads the model on the first scan, so a host that only browses never pays for it. */
  readonly loadModel: () => Promise<QualityModel>;
  readonly onStatus: (status: ScanStatus) => void;
  /** Called while scoring (every couple of seconds) and after each root: pages are stale. */
  readonly onLibraryChanged: () => void;
  readonly progressIntervalMs?: number;
}

/**
 * Scans library roots one after another in this process, over the caller's own store connection
 * (the desktop app needs that: its SQLite binding is built for Electron, which a worker thread
 * started by ScanController would not load). Decoding and inference run on libuv's and
 * onnxruntime's threads, so the event loop stays free. scanLibrary cannot be suspended mid-run,
 * so pausing stops it after the photos in flight and resuming scans the root again: a rescan reads
 * only what is not yet scored, so nothing is done twice. The browser host uses ControllerScans.
 */
export class ScanQueue implements ScanControl {
  private queue: string[] = [];
  private state: ScanStatus['state'] = 'idle';
  private progress: ScanProgress | null = null;
  private lastError: string | null = null;
  private abort: AbortController | null = null;
  private running: Promise<void> | null = null;
  private model: QualityModel | null = null;
  private lastEmit = 0;
  private lastChange = 0;

  constructor(
    private readonly store: LibraryStore,
    private readonly options: ScanQueueOptions,
  ) {}

  status(): ScanStatus {
    return {
      state: this.state,
      active: this.state === 'idle' ? null : (this.queue[0] ?? null),
      queued: this.queue.slice(1),
      progress: this.progress,
      lastError: this.lastError,
    };
  }

  enqueue(rootPaths: string[]): ScanStatus {
    for (const p of rootPaths) if (!this.queue.includes(p)) this.queue.push(p);
    if (this.state === 'idle') this.state = 'scanning';
    this.pump();
    return this.changed();
  }

  pause(): ScanStatus {
    if (this.state !== 'scanning') return this.status();
    this.state = 'paused';
    this.abort?.abort();
    return this.changed();
  }

  resume(): ScanStatus {
    if (this.state !== 'paused') return this.status();
    this.state = 'scanning';
    this.pump();
    return this.changed();
  }

  cancel(): ScanStatus {
    if (this.state === 'idle') return this.status();
    this.queue = [];
    this.state = 'idle';
    this.progress = null;
    this.abort?.abort();
    return this.changed();
  }

  /** Waits for the scan in flight to stop (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.cancel();
    await this.idle();
    await this.model?.close();
    this.model = null;
  }

  private changed(): ScanStatus {
    const status = this.status();
    this.options.onStatus(status);
    return status;
  }

  private pump(): void {
    if (this.running || this.state !== 'scanning' || this.queue.length === 0) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      // A resume or enqueue that came while the last run was stopping.
      if (this.state === 'scanning' && this.queue.length > 0) this.pump();
      else if (this.state === 'scanning') {
        this.state = 'idle';
        this.changed();
      }
    });
  }

  private async loop(): Promise<void> {
    while (this.state === 'scanning' && this.queue.length > 0) {
      const root = this.queue[0]!;
      const abort = new AbortController();
      this.abort = abort;
      this.lastError = null;
      try {
        this.model ??= await this.options.loadModel();
        await scanLibrary(this.store, this.model, root, {
          thumbnailsDir: this.options.thumbnailsDir,
          signal: abort.signal,
          onProgress: (p) => this.onProgress(p),
        });
      } catch (err) {
        this.lastError = `${root}: ${errorMessage(err)}`;
      } finally {
        this.abort = null;
      }
      this.options.onLibraryChanged();
      // Paused: the root stays first in line to be taken up again on resume. (The state changes
      // while scanLibrary awaits, which the compiler's narrowing cannot see.)
      if ((this.state as ScanStatus['state']) === 'paused') return;
      if (this.queue[0] === root) this.queue.shift();
      if (this.queue.length === 0) this.progress = null;
      this.changed();
    }
  }

  private onProgress(p: ScanProgress): void {
    this.progress = p;
    const now = performance.now();
    const interval = this.options.progressIntervalMs ?? 250;
    if (now - this.lastEmit >= interval || p.phase === 'done') {
      this.lastEmit = now;
      this.changed();
    }
    if (p.phase === 'scoring' && now - this.lastChange >= 2000) {
      this.lastChange = now;
      this.options.onLibraryChanged();
    }
  }
}
