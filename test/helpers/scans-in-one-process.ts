// Scans several folders one after another with one ScanController, closes it and lets the process
// end by itself: `node --import tsx this.ts DB MODEL THUMBS FOLDER...`. A worker cut short while it
// released its native libraries aborted the whole process at exit.
import { ScanController } from '../../electron/core/pipeline/scan-controller.js';

const [dbPath, modelPath, thumbnailsDir, ...folders] = process.argv.slice(2) as [string, string, string, ...string[]];
const controller = new ScanController({ dbPath, modelPath, thumbnailsDir, intraOpThreads: 1 });
let scored = 0;
for (const folder of folders) scored += (await controller.scan(folder)).scored;
await controller.close();
process.stdout.write(`scored ${scored}\n`);
