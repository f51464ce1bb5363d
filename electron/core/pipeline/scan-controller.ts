import { EventEmitter } from 'node:events';
import { WinnowError } from '../errors.js';
import type { ScanProgress, ScanReport } from './scan-library.js';
import type { ControlMessage, ScanJob, ScanWorkerPlace, WorkerMessage } from './scan-messages.js';
import { runScanInProcess, runScanInThread, type ScanRunner, type StartScanProcess } from './scan-runner.js';

export type ScanControllerState = 'idle' | 'running' | 'paused';

export interface ScanControllerStatus {
  readonly state: ScanControllerState;
  readonly rootPath: string | null;
  /** What scoring runs on, e.g. "CPU, 1 thread"; null before the first scan starts. */
  readonly execution: string | null;
  /** Why the providers before it were passed over, e.g. "webgpu: no supported adapter". */
  readonly providerNotes: readonly string[];
  readonly progress: ScanProgress | null;
  /** Scans waiting behind the current one. */
  readonly queued: readonly string[];
  /** Paused with no photo in flight: progress is final until a resume. */
  readonly held: boolean;
  /** The process the current scan runs in and its priority; null before its model has loaded. */
  readonly runsIn: ScanWorkerPlace | null;
}

export interface ScanControllerOptions extends Omit<ScanJob, 'rootPath' | 'background'> {
  /**
   * Run each scan in a process of its own at background priority, below a UI host that answers a
   * page, instead of in a worker thread at this process's priority (the CLI's scans). A function
   * starts that process (the desktop app's: an Electron utility process); true forks Node.
   */
  readonly background?: true | StartScanProcess;
}

export interface ScanControllerEvents {
  status: [ScanControllerStatus];
  done: [ScanReport];
  failed: [WinnowError & { rootPath: string }];
}

/** How long a worker that has reported may take to release its resources before it is terminated. */
const RETIRE_TIMEOUT_MS = 30_000;

/** Waits for the worker to end by itself, killing it if it has not within `timeoutMs`. */
async function endOf(worker: ScanRunner, timeoutMs: number): Promise<void> {
  const timer = setTimeout(() => worker.kill(), timeoutMs);
  try {
    await worker.ended;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs library scans one at a time, each in a worker thread or a background process
 * (scan-runner.ts), and reports on them. Pause holds the worker between photos; cancel stops it
 * after the photos in flight, keeping everything written so far.
 */
export class ScanController extends EventEmitter<ScanControllerEvents> {
  private worker: ScanRunner | null = null;
  /** Workers that have reported and are releasing their resources; close() waits for them. */
  private retiring: Promise<void> = Promise.resolve();
  private readonly queue: { rootPath: string; resolve: (r: ScanReport) => void; reject: (e: Error) => void }[] = [];
  private current: { rootPath: string; resolve: (r: ScanReport) => void; reject: (e: Error) => void } | null = null;
  private state: ScanControllerState = 'idle';
  private execution: string | null = null;
  private providerNotes: readonly string[] = [];
  private progress: ScanProgress | null = null;
  private held = false;
  private runsIn: ScanWorkerPlace | null = null;
  private readonly fallbackLog: string[] = [];

  constructor(private readonly options: ScanControllerOptions) {
    super();
  }

  /** Providers that failed to start in the scans so far, with reasons, oldest first. */
  fallbacks(): readonly string[] {
    return this.fallbackLog;
  }

  status(): ScanControllerStatus {
    return {
      state: this.state,
      rootPath: this.current?.rootPath ?? null,
      execution: this.execution,
      providerNotes: this.providerNotes,
      progress: this.progress,
      queued: this.queue.map((q) => q.rootPath),
      held: this.state === 'paused' && this.held,
      runsIn: this.runsIn,
    };
  }

  /** Queues a scan of rootPath; resolves with its report when it ends (cancelled or not). */
  scan(rootPath: string): Promise<ScanReport> {
    return new Promise<ScanReport>((resolve, reject) => {
      this.queue.push({ rootPath, resolve, reject });
      if (!this.current) this.startNext();
      else this.emitStatus();
    });
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.send({ type: 'pause' });
    this.state = 'paused';
    this.emitStatus();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.send({ type: 'resume' });
    this.state = 'running';
    this.held = false;
    this.emitStatus();
  }

  /** Cancels the running scan and drops the queued ones. */
  cancel(): void {
    for (const q of this.queue.splice(0)) q.reject(new WinnowError('CANCELLED', `scan of ${q.rootPath} cancelled before it started`));
    this.send({ type: 'cancel' });
  }

  /**
   * Cancels and waits for the worker to stop after the photos in flight, so their unwritten batch
   * reaches the database; a worker that does not stop within stopTimeoutMs is terminated.
   */
  async close(stopTimeoutMs = 30_000): Promise<void> {
    this.cancel();
    const worker = this.worker;
    if (worker) await endOf(worker, stopTimeoutMs);
    await this.retiring;
  }

  private send(m: ControlMessage): void {
    this.worker?.post(m);
  }

  private emitStatus(): void {
    this.emit('status', this.status());
  }

  private startNext(): void {
    const next = this.queue.shift();
    if (!next) {
      this.current = null;
      this.state = 'idle';
      this.emitStatus();
      return;
    }
    this.current = next;
    this.state = 'running';
    this.progress = null;
    this.held = false;
    this.runsIn = null;
    const { background, ...options } = this.options;
    const job: ScanJob = { ...options, rootPath: next.rootPath, ...(background ? { background: true } : {}) };
    const worker = background ? runScanInProcess(job, background === true ? undefined : background) : runScanInThread(job);
    this.worker = worker;
    let settled = false;
    const finish = (outcome: { report: ScanReport } | { error: WinnowError }) => {
      if (settled) return;
      settled = true;
      this.worker = null;
      if ('report' in outcome) {
        next.resolve(outcome.report);
        this.emit('done', outcome.report);
      } else {
        next.reject(outcome.error);
        if (this.listenerCount('failed') > 0) this.emit('failed', Object.assign(outcome.error, { rootPath: next.rootPath }));
      }
      // The worker reports before it releases the model, the database and ExifTool. Terminated then,
      // onnxruntime threw into the thread being torn down and aborted the whole process (Napi::Error):
      // it is left to end by itself, and only one that hangs is terminated.
      this.retiring = Promise.all([this.retiring, endOf(worker, RETIRE_TIMEOUT_MS)]).then(() => undefined);
      this.startNext();
    };
    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'started':
          this.execution = m.execution;
          this.runsIn = m.runsIn;
          this.providerNotes = [...m.fallbacks, ...m.skipped];
          this.fallbackLog.push(...m.fallbacks.filter((f) => !this.fallbackLog.includes(f)));
          this.emitStatus();
          break;
        case 'progress':
          this.progress = m.progress;
          this.emitStatus();
          break;
        case 'held':
          if (m.progress) this.progress = m.progress;
          this.held = true;
          this.emitStatus();
          break;
        case 'done':
          this.progress = null;
          finish({ report: m.report });
          break;
        case 'failed':
          finish({ error: new WinnowError(m.code, m.message) });
          break;
      }
    });
    worker.on('error', (err) => finish({ error: new WinnowError('WORKER_FAILED', `scan worker crashed: ${err.message}`) }));
    worker.on('exit', (code) => finish({ error: new WinnowError('WORKER_FAILED', `scan worker exited with code ${code}`) }));
  }
}
