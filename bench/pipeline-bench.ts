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
export interface Throughput {
  readonly perSecond: number;
  /**
   * CPU time of the whole process (every thread: libvips, onnxruntime, workers) per photo. Beside
   * the rate it shows where the time goes: on a machine whose cores are all busy, the pipeline can
   * only match decoding if everything else it does costs little CPU.
   */
  readonly cpuMsPerPhoto: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

export async function decodeOnlyRate(files: readonly string[], longSide: number, concurrency: number): Promise<Throughput> {
  let next = 0;
  const cpu = process.cpuUsage();
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
  return { perSecond: files.length / ((performance.now() - started) / 1000), cpuMsPerPhoto: cpuMs(cpu) / files.length };
}

/**
 * The physical limit of scoring: decode-only throughput at whichever of 2, 3 or 4 photos in flight
 * decodes fastest on this machine.
 */
export async function bestDecodeRate(files: readonly string[], longSide: number): Promise<Throughput & { concurrency: number }> {
  let best = { perSecond: 0, cpuMsPerPhoto: 0, concurrency: 0 };
  for (const concurrency of [2, 3, 4]) {
    const rate = await decodeOnlyRate(files, longSide, concurrency);
    if (rate.perSecond > best.perSecond) best = { ...rate, concurrency };
  }
  return best;
}

export interface PipelineFigures {
  readonly photosPerSecond: number;
  /** As in Throughput; the scan's worker thread runs in this process, so it is counted. */
  readonly cpuMsPerPhoto: number;
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
  const cpu = process.cpuUsage();
  try {
    const report = await controller.scan(folder);
    delay.disable();
    return {
      photosPerSecond: report.analysed / (report.elapsedMs / 1000),
      cpuMsPerPhoto: cpuMs(cpu) / Math.max(1, report.analysed),
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
