import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { moduleBeside, startWorker } from '../start-worker.js';
import type { ScanJob, ToScanWorker, WorkerMessage } from './scan-messages.js';

/**
 * A scan running away from the thread that controls it: in a worker thread (the CLI's scans, at
 * the priority they were started with) or in a process of its own (a UI's scans, which run at
 * background priority: see cpu-priority.ts). The controller drives both the same way.
 */
export interface ScanRunner extends EventEmitter<{ message: [WorkerMessage]; error: [Error]; exit: [number | null] }> {
  post(message: ToScanWorker): void;
  /** Ends it at once; for one that does not end by itself. */
  kill(): void;
  /** Settles when it has ended, whenever that was. */
  readonly ended: Promise<void>;
}

/**
 * What a host needs from a process it starts for a scan: Node's ChildProcess and Electron's
 * UtilityProcess both offer this, under their own names.
 */
export interface ScanProcess {
  send(message: ToScanWorker): void;
  kill(): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  onExit(listener: (code: number | null) => void): void;
}

/**
 * Starts the scan process from its entry module (an absolute path) and the arguments Node needs
 * to run it. Plain Node forks it; the desktop app, whose Electron binary must not run as Node (its
 * runAsNode fuse is off), passes one that starts an Electron utility process.
 */
export type StartScanProcess = (modulePath: string, execArgv: readonly string[]) => ScanProcess;

/** Node's child_process.fork, with structured-clone messages as a worker thread has them. */
export const forkScanProcess: StartScanProcess = (modulePath, execArgv) => {
  const child = fork(modulePath, [], { execArgv: [...execArgv], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    kill: () => child.kill('SIGKILL'),
    onMessage: (listener) => child.on('message', (m) => listener(m as WorkerMessage)),
    onExit: (listener) => {
      child.on('exit', (code) => listener(code));
      // A process that could not be started at all reports an error and no exit.
      child.on('error', () => listener(null));
    },
  };
};

/** The scan worker's entry module beside this one, and the arguments Node needs to run it. */
function scanWorkerEntry(): { modulePath: string; execArgv: string[] } {
  const { url, needsTsx } = moduleBeside(import.meta.url, 'scan-worker');
  return { modulePath: fileURLToPath(url), execArgv: needsTsx ? ['--import', 'tsx'] : [] };
}

class Runner extends EventEmitter<{ message: [WorkerMessage]; error: [Error]; exit: [number | null] }> implements ScanRunner {
  readonly ended: Promise<void>;

  constructor(
    private readonly sendTo: (m: ToScanWorker) => void,
    private readonly killIt: () => void,
  ) {
    super();
    this.ended = new Promise((resolve) => this.once('exit', () => resolve()));
  }

  post(message: ToScanWorker): void {
    this.sendTo(message);
  }

  kill(): void {
    this.killIt();
  }
}

/** Runs the job in a worker thread of this process. */
export function runScanInThread(job: ScanJob): ScanRunner {
  const worker = startWorker(import.meta.url, 'scan-worker', null);
  const runner = new Runner(
    (m) => worker.postMessage(m),
    () => void worker.terminate(),
  );
  worker.on('message', (m: WorkerMessage) => runner.emit('message', m));
  worker.on('error', (err) => runner.emit('error', err));
  worker.on('exit', (code) => runner.emit('exit', code));
  runner.post({ type: 'start', job });
  return runner;
}

/** Runs the job in a process of its own, started by `start`. */
export function runScanInProcess(job: ScanJob, start: StartScanProcess = forkScanProcess): ScanRunner {
  const { modulePath, execArgv } = scanWorkerEntry();
  const child = start(modulePath, execArgv);
  let exited = false;
  const runner = new Runner(
    (m) => {
      if (!exited) child.send(m);
    },
    () => child.kill(),
  );
  child.onMessage((m) => runner.emit('message', m));
  child.onExit((code) => {
    if (exited) return;
    exited = true;
    runner.emit('exit', code);
  });
  runner.post({ type: 'start', job });
  return runner;
}
