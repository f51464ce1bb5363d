// A host that scans one folder in a background process and prints, per status, the scan
// process's pid and the photos done: `node --import tsx this.ts DB MODEL THUMBS FOLDER`. Tests kill
// it mid-scan to see what its scan process does then.
import { ScanController } from '../../electron/core/pipeline/scan-controller.js';

const [dbPath, modelPath, thumbnailsDir, folder] = process.argv.slice(2) as [string, string, string, string];
// One batch for the whole scan: nothing is written before the scan stops.
const controller = new ScanController({ dbPath, modelPath, thumbnailsDir, intraOpThreads: 1, batchSize: 1000, background: true });
controller.on('status', (s) => {
  if (s.runsIn) process.stdout.write(`${JSON.stringify({ pid: s.runsIn.pid, done: s.progress?.done ?? 0 })}\n`);
});
await controller.scan(folder);
await controller.close();
