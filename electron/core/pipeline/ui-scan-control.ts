import type { ScanControl } from '../library-service.js';
import { ScanController, type ScanControllerStatus } from './scan-controller.js';
import type { StartScanProcess } from './scan-runner.js';
import type { ScanWorkerPlace } from './scan-messages.js';
import type { ProviderSetting, ScanStatus } from '../../shared/api-contract.js';

/** The user's provider setting as the scan worker takes it. */
export function scanJobProviders(setting: ProviderSetting | undefined): { forceCpu?: boolean; providers?: readonly string[] } {
  if (!setting) return {};
  return { ...(setting.cpuOnly ? { forceCpu: true } : {}), ...(setting.providers ? { providers: setting.providers } : {}) };
}

export interface UiScanControlOptions {
  readonly dbPath: string;
  readonly modelPath: string;
  readonly thumbnailsDir: string;
  readonly intraOpThreads?: number;
  readonly providers?: ProviderSetting;
  /** better-sqlite3 built for Electron's ABI, when the worker runs inside Electron. */
  readonly nativeBinding?: string;
  /** How to start a scan's process (default: Node's fork; the desktop app: a utility process). */
  readonly startScanProcess?: StartScanProcess;
  readonly onStatus: (status: ScanStatus) => void;
  /** Called while scoring (every couple of seconds), when a paused scan holds, and after each root: pages are stale. */
  readonly onLibraryChanged: () => void;
  readonly statusIntervalMs?: number;
}

/**
 * The UI's scan control over the pipeline's ScanController, which scores in a background process
 * so the host (the desktop app's main process or the browser host) keeps answering the page while
 * a scan runs. Progress arrives per photo; the page is told at most a few times a second.
 */
export class UiScanControl implements ScanControl {
  private readonly controller: ScanController;
  private lastError: string | null = null;
  private lastStatusAt = 0;
  private lastChangeAt = -Infinity;
  private wasHeld = false;
  private trailing: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: UiScanControlOptions) {
    this.controller = new ScanController({
      dbPath: options.dbPath,
      modelPath: options.modelPath,
      thumbnailsDir: options.thumbnailsDir,
      intraOpThreads: options.intraOpThreads ?? 1,
      ...scanJobProviders(options.providers),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      // The page comes first: the scan runs in a process of its own that takes only the CPU
      // nothing else wants (cpu-priority.ts).
      background: options.startScanProcess ?? true,
    });
    this.controller.on('status', (s) => this.onControllerStatus(s));
    this.controller.on('done', () => options.onLibraryChanged());
    this.controller.on('failed', (err) => {
      if (err.code !== 'CANCELLED') this.lastError = `${err.rootPath}: ${err.message}`;
      options.onLibraryChanged();
      this.publish();
    });
  }

  status(): ScanStatus {
    return toUiStatus(this.controller.status(), this.lastError);
  }

  /** The process the current scan runs in and its priority (null while none runs). */
  runsIn(): ScanWorkerPlace | null {
    return this.controller.status().runsIn;
  }

  enqueue(rootPaths: string[]): ScanStatus {
    const s = this.controller.status();
    const busy = new Set([s.rootPath, ...s.queued]);
    this.lastError = null;
    for (const p of rootPaths) {
      if (busy.has(p)) continue;
      // Failures arrive through the 'failed' event; the promise only says the same.
      this.controller.scan(p).catch(() => {});
    }
    return this.publish();
  }

  pause(): ScanStatus {
    this.controller.pause();
    return this.status();
  }

  resume(): ScanStatus {
    this.controller.resume();
    return this.status();
  }

  cancel(): ScanStatus {
    this.controller.cancel();
    return this.status();
  }

  async close(): Promise<void> {
    if (this.trailing) clearTimeout(this.trailing);
    await this.controller.close();
  }

  private publish(): ScanStatus {
    const status = this.status();
    this.options.onStatus(status);
    return status;
  }

  private onControllerStatus(s: ScanControllerStatus): void {
    const now = performance.now();
    const interval = this.options.statusIntervalMs ?? 250;
    // While scoring, every couple of seconds; and once a paused scan holds, since it has then
    // written every photo it scored and the page can show them all.
    const justHeld = s.held && !this.wasHeld;
    this.wasHeld = s.held;
    if (justHeld || (s.progress?.phase === 'scoring' && now - this.lastChangeAt >= 2000)) {
      this.lastChangeAt = now;
      this.options.onLibraryChanged();
    }
    // State changes go out at once; per-photo progress at most every interval, with a trailing
    // update so the last numbers are never lost.
    if (s.progress && s.state === 'running' && now - this.lastStatusAt < interval) {
      this.trailing ??= setTimeout(() => {
        this.trailing = null;
        this.lastStatusAt = performance.now();
        this.publish();
      }, interval);
      return;
    }
    this.lastStatusAt = now;
    this.publish();
  }
}

function toUiStatus(s: ScanControllerStatus, lastError: string | null): ScanStatus {
  return {
    state: s.state === 'running' ? 'scanning' : s.state,
    active: s.rootPath,
    queued: [...s.queued],
    progress: s.progress,
    lastError,
    execution: s.execution,
    providerNotes: [...s.providerNotes],
  };
}
