import fs from 'node:fs';
import { cropRgb, decodePhoto, readHeader, readPhotoBytes, resizeRgb, thumbnailPath, writeThumbnail } from '../electron/core/decode/decode-photo.js';
import { decodeNativeRegion, uprightSize } from '../electron/core/decode/native-region.js';
import { fingerprintBytes } from '../electron/core/decode/fingerprint.js';
import { dHashOfRgb } from '../electron/core/bursts/dhash.js';
import { planFocusCrops } from '../electron/core/inference/focus-pass.js';
import { multipleCrop } from '../electron/core/inference/input-tensor.js';
import { QualityModel } from '../electron/core/inference/quality-model.js';
import { ANALYSIS_LONG_SIDE, measurePhoto } from '../electron/core/measures/classic-measures.js';
import { THUMBNAIL_LONG_SIDE } from '../electron/core/pipeline/analyse-photo.js';

/**
 * Where a photo's CPU goes: the steps of analysePhoto run one at a time, one photo at a time, each
 * timed by the process's CPU clock (which counts libvips' and onnxruntime's threads too). The sum
 * is close to the full scan's per-photo CPU, less its SQLite writes and messaging; it explains the
 * pipeline-to-decode ratio, it does not replace it.
 */
export async function scanStageCosts(files: readonly string[], modelPath: string, workDir: string): Promise<Record<string, number>> {
  const model = await QualityModel.load(modelPath, { forceCpu: true, intraOpThreads: 1 });
  const totals: Record<string, number> = {};
  const timed = async <T>(stage: string, step: () => Promise<T> | T): Promise<T> => {
    const before = process.cpuUsage();
    const result = await step();
    const used = process.cpuUsage(before);
    totals[stage] = (totals[stage] ?? 0) + (used.user + used.system) / 1000;
    return result;
  };
  fs.rmSync(workDir, { recursive: true, force: true });
  try {
    const input = model.metadata.input;
    for (const file of files) {
      const { bytes, fingerprint } = await timed('read_and_fingerprint', async () => {
        const read = await readPhotoBytes(file);
        return { bytes: read, fingerprint: fingerprintBytes(read) };
      });
      const header = await timed('header_and_exif', () => readHeader(bytes));
      const analysis = await timed('decode', () => decodePhoto(bytes, header, Math.max(ANALYSIS_LONG_SIDE, input.size.longSide)));
      const fitted = await timed('resize_to_model_input', () => resizeRgb(analysis, input.size.longSide));
      await timed('thumbnail', () => writeThumbnail(fitted, thumbnailPath(workDir, fingerprint), THUMBNAIL_LONG_SIDE));
      await timed('dhash', () => dHashOfRgb(fitted));
      const { sharpestTiles } = await timed('classic_measures', () => measurePhoto(analysis));
      const global = cropRgb(fitted, multipleCrop(fitted.width, fitted.height, input.size.multipleOf));
      await timed('global_pass', () => model.predict(global.data, global.width, global.height));
      const plan = model.metadata.focus && planFocusCrops(sharpestTiles, analysis, uprightSize(header, analysis), input.size.longSide, model.metadata.focus);
      if (!plan) continue;
      const region = await timed('focus_region_decode', () => decodeNativeRegion(bytes, header, plan.region));
      for (const rect of plan.crops) {
        const crop = cropRgb(region, rect);
        await timed('focus_crop_passes', () => model.predict(crop.data, crop.width, crop.height));
      }
    }
  } finally {
    await model.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.entries(totals).map(([stage, ms]) => [stage, Math.round((ms / files.length) * 10) / 10]));
}
