import { measurePhoto, ANALYSIS_LONG_SIDE, type TileRect } from '../measures/classic-measures.js';
import { MIN_USABLE_PREVIEW } from '../decode/raw-preview.js';
import {
  cropRgb,
  decodePhoto,
  readHeader,
  type PhotoHeader,
  type RgbImage,
  readPhotoBytes,
  resizeRgb,
  thumbnailPath,
  writeThumbnail,
  DEFAULT_PIXEL_LIMIT,
} from '../decode/decode-photo.js';
import { decodeNativeRegion, uprightSize } from '../decode/native-region.js';
import { focusAdjustment, planFocusCrops } from '../inference/focus-pass.js';
import { fingerprintBytes } from '../decode/fingerprint.js';
import { modelInputSize, multipleCrop } from '../inference/input-tensor.js';
import type { QualityModel, QualityPrediction } from '../inference/quality-model.js';
import type { ClassicMeasures } from '../measures/classic-measures.js';
import type { ErrorStage, PhotoMetadata } from '../store/types.js';
import { WinnowError, errorMessage } from '../errors.js';
import { NO_EXIF } from '../decode/exif-fields.js';
import { dHashOfRgb } from '../bursts/dhash.js';

export const THUMBNAIL_LONG_SIDE = 320;

export interface AnalysisSettings {
  readonly thumbnailsDir: string;
  readonly pixelLimit?: number;
}

export type PhotoAnalysis =
  | {
      readonly ok: true;
      readonly metadata: PhotoMetadata;
      /** The model's answer; its score already includes the focus adjustment (focus-pass.ts). */
      readonly prediction: QualityPrediction;
      /** Best native-resolution crop's score (0-100), or null when the photo had no focus pass. */
      readonly focus: number | null;
      readonly measures: ClassicMeasures;
      /** Perceptual difference hash (16 hex digits) for grouping bursts and near-duplicates. */
      readonly dhash: string;
      /** Non-fatal problems (a damaged EXIF block), recorded but not failing the photo. */
      readonly warnings: readonly { stage: ErrorStage; code: string; message: string }[];
    }
  | {
      readonly ok: false;
      readonly metadata: PhotoMetadata | null;
      readonly stage: ErrorStage;
      readonly code: string;
      readonly message: string;
    };

function failure(stage: ErrorStage, err: unknown, metadata: PhotoMetadata | null = null): PhotoAnalysis {
  const code = err instanceof WinnowError ? err.code : 'INTERNAL';
  return { ok: false, stage, code, message: errorMessage(err), metadata };
}

/**
 * Everything Winnow learns from one photo, from a single read and a single decode: header and
 * EXIF, the analysis-size image, and from that the thumbnail, the classic measures and the model's
 * input. Never throws: a bad photo is a result, not an exception, so the scan goes on.
 */
export async function analysePhoto(file: string, model: QualityModel, settings: AnalysisSettings): Promise<PhotoAnalysis> {
  const pixelLimit = settings.pixelLimit ?? DEFAULT_PIXEL_LIMIT;
  let bytes: Buffer;
  try {
    bytes = await readPhotoBytes(file);
  } catch (err) {
    return failure('read', err);
  }
  const fingerprint = fingerprintBytes(bytes);

  let header;
  try {
    header = await readHeader(bytes, pixelLimit, file);
  } catch (err) {
    return failure('decode', err, emptyMetadata(fingerprint));
  }
  const metadata: PhotoMetadata = {
    fingerprint,
    format: header.format,
    width: header.width,
    height: header.height,
    orientation: header.orientation,
    ...header.exif,
  };
  const warnings: { stage: ErrorStage; code: string; message: string }[] = header.exifError ? [{ stage: 'metadata', code: 'EXIF_DAMAGED', message: header.exifError }] : [];

  const modelInput = model.metadata.input;
  try {
    const analysis = await decodePhoto(bytes, header, Math.max(ANALYSIS_LONG_SIDE, modelInput.size.longSide), pixelLimit);
    if (!header.judgeable) return await unjudgeable(analysis, metadata, settings);
    const target = modelInputSize(analysis.width, analysis.height, modelInput);
    if (Math.min(target.width, target.height) < modelInput.size.minSide) {
      throw new WinnowError(
        'TOO_SMALL',
        `image is ${analysis.width}x${analysis.height} px, too small to judge (at least ${modelInput.size.minSide} px a side needed)`,
      );
    }
    const fitted = await resizeRgb(analysis, modelInput.size.longSide);
    // The thumbnail comes from the fitted model input, which is already small: resampling the
    // analysis image again would cost more than the thumbnail is worth.
    // It is written while the measures run; its outcome is caught here so that, whatever they
    // throw, it never becomes an unhandled rejection. A thumbnail that cannot be written is a
    // warning of its own: the photo is still scored.
    const thumbnail = writeThumbnail(fitted, thumbnailPath(settings.thumbnailsDir, fingerprint), THUMBNAIL_LONG_SIDE).then(
      () => null,
      (err: unknown) => err,
    );
    let dhash: string;
    let measures: ClassicMeasures;
    let sharpestTiles: readonly TileRect[];
    try {
      dhash = dHashOfRgb(fitted);
      ({ measures, sharpestTiles } = measurePhoto(analysis));
    } finally {
      const thumbnailError = await thumbnail;
      if (thumbnailError !== null) {
        warnings.push({ stage: 'thumbnail', code: thumbnailError instanceof WinnowError ? thumbnailError.code : 'THUMBNAIL_FAILED', message: `thumbnail not written: ${errorMessage(thumbnailError)}` });
      }
    }
    const upright = uprightSize(header, analysis);
    if (Math.max(upright.width, upright.height) < model.metadata.minJudgedLongSide) {
      const message = `image is ${upright.width}x${upright.height} px, too small to judge its quality (at least ${model.metadata.minJudgedLongSide} px on the long side); listed, not ranked`;
      return failure('score', new WinnowError('TOO_SMALL', message), metadata);
    }
    const input = cropRgb(fitted, multipleCrop(fitted.width, fitted.height, modelInput.size.multipleOf));
    try {
      const global = await model.predict(input.data, input.width, input.height);
      let focus: number | null = null;
      try {
        focus = await focusScore(bytes, header, model, analysis, upright, sharpestTiles, pixelLimit);
      } catch (err) {
        // The photo decoded once already: a region that fails now costs the focus figure only.
        warnings.push({ stage: 'score', code: 'FOCUS_FAILED', message: `focus at 100 % could not be checked: ${errorMessage(err)}` });
      }
      const adjustment = focus === null || model.metadata.focus === null ? 0 : focusAdjustment(focus, model.metadata.focus);
      const [low, high] = model.metadata.scoreRange;
      const prediction = adjustment !== 0 ? { ...global, score: Math.min(high, Math.max(low, global.score + adjustment)) } : global;
      return { ok: true, metadata, prediction, focus, measures, dhash, warnings };
    } catch (err) {
      return failure('score', err, metadata);
    }
  } catch (err) {
    return failure('decode', err, metadata);
  }
}

/**
 * The focus pass: the model on a few crops of the photo at its own pixel scale, placed on the
 * sharpest tiles of the analysis image. Null for photos too small to need it, for models without
 * one, and for HEIC files, whose second decode would cost more than the whole rest of the scan.
 */
async function focusScore(
  bytes: Buffer,
  header: PhotoHeader,
  model: QualityModel,
  analysis: RgbImage,
  upright: { width: number; height: number },
  sharpestTiles: readonly TileRect[],
  pixelLimit: number,
): Promise<number | null> {
  const settings = model.metadata.focus;
  if (settings === null || header.source.kind === 'heic') return null;
  const plan = planFocusCrops(sharpestTiles, analysis, upright, model.metadata.input.size.longSide, settings);
  if (plan === null) return null;
  const region = await decodeNativeRegion(bytes, header, plan.region, pixelLimit);
  let best = -Infinity;
  for (const crop of plan.crops) {
    const pixels = cropRgb(region, crop);
    const { score } = await model.predict(pixels.data, pixels.width, pixels.height);
    best = Math.max(best, score);
  }
  return best;
}

/** A RAW with only a thumbnail inside: listed with that thumbnail, never scored from it. */
async function unjudgeable(image: RgbImage, metadata: PhotoMetadata, settings: AnalysisSettings): Promise<PhotoAnalysis> {
  await writeThumbnail(image, thumbnailPath(settings.thumbnailsDir, metadata.fingerprint), THUMBNAIL_LONG_SIDE);
  const side = Math.max(image.width, image.height);
  return failure('decode', new WinnowError('NO_USABLE_PREVIEW', `no usable preview: the largest image inside this RAW is ${side} px on its long side, too small to judge (${MIN_USABLE_PREVIEW} px needed)`), metadata);
}

function emptyMetadata(fingerprint: string): PhotoMetadata {
  return { fingerprint, format: null, width: null, height: null, orientation: null, ...NO_EXIF };
}
