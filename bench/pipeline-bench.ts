import fs from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { ScanController } from '../electron/core/pipeline/scan-controller.js';

export async function listPhotos(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((f) => f.endsWith('.JPG')).sort().map((f) => path.join(dir, f));
}

/**
 * Read and decode each photo exactly as the pipeline does (same size, same orientation and colour
 * handling), and nothing else, with `concurrency` photos in flight.
 */
export async function decodeOnlyRate(files: readonly string[], longSide: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < files.length) {
      const bytes = await fs.readFile(files[next++]!);
      await sharp(bytes, { failOn: 'truncated' })
        .rotate()
        .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return files.length / ((performance.now() - started) / 1000);
}

/**
 * The physical limit of scoring: decode-only throughput at whichever of 2, 3 or 4 photos in flight
 * decodes fastest on this machine.
 */
export async function bestDecodeRate(files: readonly string[], longSide: number): Promise<{ perSecond: number; concurrency: number }> {
  let best = { perSecond: 0, concurrency: 0 };
  for (const concurrency of [2, 3, 4]) {
    const perSecond = await decodeOnlyRate(files, longSide, concurrency);
    if (perSecond > best.perSecond) best = { perSecond, concurrency };
  }
  return best;
}

export interface PipelineFigures {
  readonly photosPerSecond: number;
  readonly scored: number;
  readonly failed: number;
  readonly peakRssMb: number;
  readonly worstStallMs: number;
  readonly execution: string | null;
}

/**
 * The whole job as the app runs it: the scan in its worker thread (decode, CNN, measures,
 * thumbnail, SQLite), while this thread plays the UI's part and is watched for stalls.
 */
export async function fullPipeline(folder: string, modelPath: string, workDir: string): Promise<PipelineFigures> {
  await fs.rm(workDir, { recursive: true, force: true });
  const controller = new ScanController({ dbPath: path.join(workDir, 'library.db'), modelPath, thumbnailsDir: path.join(workDir, 'thumbnails') });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  delay.enable();
  try {
    const report = await controller.scan(folder);
    delay.disable();
    return {
      photosPerSecond: report.analysed / (report.elapsedMs / 1000),
      scored: report.scored,
      failed: report.failed,
      peakRssMb: peakRss / 2 ** 20,
      worstStallMs: delay.max / 1e6,
      execution: controller.status().execution,
    };
  } finally {
    clearInterval(sampler);
    await controller.close();
  }
}
