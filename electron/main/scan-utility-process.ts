import { utilityProcess } from 'electron';
import type { StartScanProcess } from '../core/pipeline/scan-runner.js';

/**
 * Starts a scan's process as an Electron utility process. Node's fork would run the app's own
 * binary as Node, which the runAsNode fuse forbids (build/electron-builder.yml); a utility process is
 * Electron's way to run Node code in a process of its own. The scan lowers its own priority once
 * started (core/cpu-priority.ts), as under Node.
 */
export const startScanUtilityProcess: StartScanProcess = (modulePath, execArgv) => {
  const child = utilityProcess.fork(modulePath, [], { execArgv: [...execArgv], serviceName: 'Winnow scan', stdio: 'inherit' });
  return {
    send: (message) => child.postMessage(message),
    kill: () => void child.kill(),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
  };
};
