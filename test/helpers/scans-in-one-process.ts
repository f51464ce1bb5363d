// Scans several folders one after another with one ScanController, closes it and lets the process
// end by itself: `node --import tsx this.ts DB MODEL THUMBS FOLDER...`. Prints how many photos were
// scored and how many ExifTool processes it started are still running once it has closed. A worker
// cut short while it released its native libraries aborted the whole process at exit, and left
// its ExifTool running for good.
import { ScanController } from '../../electron/core/pipeline/scan-controller.js';
import { processes } from './proc.js';

/** Linux: this process's children that run ExifTool (elsewhere 0: the check needs /proc). */
function exifToolChildren(): number {
  return processes().filter((p) => p.ppid === process.pid && p.cmdline.includes('exiftool')).length;
}

const [dbPath, modelPath, thumbnailsDir, ...folders] = process.argv.slice(2) as [string, string, string, ...string[]];
const controller = new ScanController({ dbPath, modelPath, thumbnailsDir, intraOpThreads: 1 });
let scored = 0;
for (const folder of folders) scored += (await controller.scan(folder)).scored;
await controller.close();
// ExifTool is asked to end when the scan's worker closes it; give it a moment to go.
let left = exifToolChildren();
for (let i = 0; i < 50 && left > 0; i++) {
  await new Promise((r) => setTimeout(r, 100));
  left = exifToolChildren();
}
process.stdout.write(`scored ${scored}, ExifTool left running ${left}\n`);
