import { classicMeasures, ANALYSIS_LONG_SIDE } from '../measures/classic-measures.js';
import { MIN_USABLE_PREVIEW } from '../decode/raw-preview.js';
import { decodePhoto, readHeader, type RgbImage, readPhotoBytes, resizeRgb, thumbnailPath, writeThumbnail, DEFAULT_PIXEL_LIMIT } from '../decode/decode-photo.js';
import { fingerprintBytes } from '../decode/fingerprint.js';
import { modelInputSize } from '../inference/input-tensor.js';
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
      readonly prediction: QualityPrediction;
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
    const input = await resizeRgb(analysis, modelInput.size.longSide);
    // The thumbnail comes from the model input, which is already small: resampling the analysis
    // image again would cost more than the thumbnail is worth.
    // It is written while the measures run; its outcome is caught here so that, whatever they
    // throw, it never becomes an unhandled rejection. A thumbnail that cannot be written is a
    // warning of its own: the photo is still scored.
    const thumbnail = writeThumbnail(input, thumbnailPath(settings.thumbnailsDir, fingerprint), THUMBNAIL_LONG_SIDE).then(
      () => null,
      (err: unknown) => err,
    );
    let dhash: string;
    let measures: ClassicMeasures;
    try {
      dhash = dHashOfRgb(input);
      measures = classicMeasures(analysis);
    } finally {
      const thumbnailError = await thumbnail;
      if (thumbnailError !== null) {
        warnings.push({ stage: 'thumbnail', code: thumbnailError instanceof WinnowError ? thumbnailError.code : 'THUMBNAIL_FAILED', message: `thumbnail not written: ${errorMessage(thumbnailError)}` });
      }
    }
    try {
      const prediction = await model.predict(input.data, input.width, input.height);
      return { ok: true, metadata, prediction, measures, dhash, warnings };
    } catch (err) {
      return failure('score', err, metadata);
    }
  } catch (err) {
    return failure('decode', err, metadata);
  }
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
