import { parentPort } from 'node:worker_threads';

/** The scan worker's line to the ScanController that started it. */
export interface ParentLink<In, Out> {
  /** True in a process of its own, false in a worker thread of the controller's process. */
  readonly ownProcess: boolean;
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
  /** Called when the controller is gone (its process ended) without saying goodbye. */
  onGone(listener: () => void): void;
  /** Lets this thread or process end once its last messages are out. */
  release(): void;
}

/** Electron's utility processes get their parent as `process.parentPort` (not in Node's types). */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Connects to the controller however this code was started: as a worker thread, as a Node child
 * process (fork), or as an Electron utility process.
 */
export function connectToParent<In, Out>(): ParentLink<In, Out> {
  if (parentPort) {
    const port = parentPort;
    return {
      ownProcess: false,
      post: (m) => port.postMessage(m),
      onMessage: (listener) => port.on('message', listener),
      // A worker thread ends with its process: nothing outlives the controller.
      onGone: () => {},
      release: () => port.unref(),
    };
  }
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      ownProcess: true,
      post: (m) => electronPort.postMessage(m),
      onMessage: (listener) => electronPort.on('message', (e) => listener(e.data as In)),
      // Electron ends utility processes with the app.
      onGone: () => {},
      // The port keeps a utility process alive; the worker releases it only after its last report
      // and the release of the model, database and ExifTool that follows it, so that report is out.
      release: () => process.exit(0),
    };
  }
  if (process.send) {
    return {
      ownProcess: true,
      post: (m) => {
        // After the controller's process has gone, there is no one to tell.
        if (process.connected) process.send?.(m);
      },
      onMessage: (listener) => process.on('message', (m) => listener(m as In)),
      onGone: (listener) => process.once('disconnect', listener),
      // Unreferenced, the channel no longer keeps the process alive, but messages on their way still go.
      release: () => process.channel?.unref(),
    };
  }
  throw new Error('the scan worker must be started by a ScanController');
}
