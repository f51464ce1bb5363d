import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WinnowError } from '../errors.js';

/**
 * The JSON file beside each ONNX model. Everything the app needs to feed the model and read its
 * answer comes from here, so a new model ships without a code change.
 */
export interface ModelMetadata {
  readonly name: string;
  readonly version: string;
  readonly onnx: string;
  readonly sha256: string;
  readonly input: {
    readonly name: string;
    readonly layout: 'NCHW';
    readonly channels: 'RGB';
    readonly scale: number;
    readonly mean: readonly [number, number, number];
    readonly std: readonly [number, number, number];
    readonly size: {
      readonly policy: 'fit-long-side';
      readonly longSide: number;
      readonly minSide: number;
      readonly upscale: boolean;
      /**
       * After fitting, each side is centre-cropped down to a multiple of this (1: no crop). A
       * stride-32 network then sees even sizes at every stride-2 layer, as it was trained.
       */
      readonly multipleOf: number;
    };
  };
  /**
   * Photos whose long side is below this many pixels are not judged: at that size (a thumbnail,
   * a web image) the model cannot tell a soft photo from a small one. They are flagged instead.
   */
  readonly minJudgedLongSide: number;
  /** The native-resolution focus pass; absent for models without one. */
  readonly focus: FocusSettings | null;
  readonly outputs: {
    readonly score: string;
    readonly distribution: string;
    readonly qualityMap: string;
    readonly weightMap: string;
  };
  readonly scoreRange: readonly [number, number];
  readonly distributionBins: number;
}

/**
 * Softness that only shows at 100 % view: the same network scores a few crops of the photo at
 * its own pixel scale, placed on its sharpest tiles, and the best of them is the photo's focus
 * figure. When it falls below what sharp photos reach, the score is lowered.
 */
export interface FocusSettings {
  /** Side of each square crop, in the photo's own pixels. */
  readonly cropSize: number;
  readonly maxCrops: number;
  /** Only photos at least this many times larger than the model's input get the pass. */
  readonly minScale: number;
  /** Focus figure that sharp photos reach (a low percentile of sharp crops in training). */
  readonly reference: number;
  /**
   * Score points per focus point away from the reference: lost below it, up to maxPenalty; gained
   * above it, up to maxBonus.
   */
  readonly slope: number;
  readonly maxPenalty: number;
  /** 0 in metadata written before 2.1.0, which had no bonus. */
  readonly maxBonus: number;
}

export interface LoadedMetadata {
  readonly metadata: ModelMetadata;
  readonly metadataPath: string;
  readonly onnxPath: string;
}

function fail(file: string, why: string): never {
  throw new WinnowError('MODEL_INVALID', `model metadata ${file} is invalid: ${why}`);
}

function isTriple(v: unknown): v is [number, number, number] {
  return Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

export function validateMetadata(raw: unknown, file: string): ModelMetadata {
  if (typeof raw !== 'object' || raw === null) fail(file, 'not a JSON object');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untrusted JSON, checked field by field below
  const m = raw as Record<string, any>;
  for (const key of ['name', 'version', 'onnx', 'sha256'] as const) {
    if (typeof m[key] !== 'string' || m[key].length === 0) fail(file, `"${key}" must be a non-empty string`);
  }
  const input = m.input;
  if (typeof input !== 'object' || input === null) fail(file, '"input" is missing');
  if (typeof input.name !== 'string') fail(file, '"input.name" must be a string');
  if (input.layout !== 'NCHW') fail(file, `input layout ${JSON.stringify(input.layout)} is not supported (NCHW only)`);
  if (input.channels !== 'RGB') fail(file, `input channels ${JSON.stringify(input.channels)} are not supported (RGB only)`);
  if (typeof input.scale !== 'number' || !(input.scale > 0)) fail(file, '"input.scale" must be a positive number');
  if (!isTriple(input.mean) || !isTriple(input.std) || input.std.some((s: number) => s <= 0))
    fail(file, '"input.mean" and "input.std" must be three numbers (std positive)');
  const size = input.size;
  if (typeof size !== 'object' || size === null || size.policy !== 'fit-long-side') fail(file, 'input.size.policy must be "fit-long-side"');
  if (!Number.isInteger(size.longSide) || size.longSide < 32) fail(file, 'input.size.longSide must be an integer >= 32');
  if (!Number.isInteger(size.minSide) || size.minSide < 1) fail(file, 'input.size.minSide must be a positive integer');
  const multipleOf = size.multipleOf ?? 1;
  if (!Number.isInteger(multipleOf) || multipleOf < 1 || multipleOf > size.longSide)
    fail(file, 'input.size.multipleOf must be a positive integer no larger than longSide');
  const minJudgedLongSide = m.minJudgedLongSide ?? size.minSide;
  if (!Number.isInteger(minJudgedLongSide) || minJudgedLongSide < size.minSide)
    fail(file, '"minJudgedLongSide" must be an integer no smaller than input.size.minSide');
  const focus = m.focus === undefined || m.focus === null ? null : validateFocus(m.focus, file);
  const outputs = m.outputs;
  if (typeof outputs !== 'object' || outputs === null) fail(file, '"outputs" is missing');
  for (const key of ['score', 'distribution', 'qualityMap', 'weightMap'] as const) {
    if (typeof outputs[key] !== 'string') fail(file, `outputs.${key} must name an output`);
  }
  if (!Array.isArray(m.scoreRange) || m.scoreRange.length !== 2 || !(m.scoreRange[1] > m.scoreRange[0]))
    fail(file, '"scoreRange" must be [low, high]');
  if (!Number.isInteger(m.distributionBins) || m.distributionBins < 2) fail(file, '"distributionBins" must be an integer >= 2');
  return {
    ...(m as ModelMetadata),
    input: { ...input, size: { ...size, upscale: size.upscale === true, multipleOf } },
    minJudgedLongSide,
    focus,
  };
}

function validateFocus(raw: unknown, file: string): FocusSettings {
  if (typeof raw !== 'object' || raw === null) fail(file, '"focus" must be an object');
  const f = raw as Record<string, unknown>;
  const num = (key: keyof FocusSettings, ok: (v: number) => boolean, fallback?: number): number => {
    const v = f[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) fail(file, `focus.${key} is missing or out of range`);
    return v;
  };
  return {
    cropSize: num('cropSize', (v) => Number.isInteger(v) && v >= 32),
    maxCrops: num('maxCrops', (v) => Number.isInteger(v) && v >= 1 && v <= 8),
    minScale: num('minScale', (v) => v >= 1),
    reference: num('reference', (v) => v >= 0 && v <= 100),
    slope: num('slope', (v) => v >= 0),
    maxPenalty: num('maxPenalty', (v) => v >= 0 && v <= 100),
    maxBonus: num('maxBonus', (v) => v >= 0 && v <= 100, 0),
  };
}

/**
 * Accepts the metadata JSON or the ONNX file (then the JSON must sit beside it with the same base
 * name) and checks the ONNX file is the one the metadata describes.
 */
export function loadModelMetadata(file: string): LoadedMetadata {
  const resolved = path.resolve(file);
  const metadataPath = resolved.endsWith('.onnx') ? resolved.slice(0, -'.onnx'.length) + '.json' : resolved;
  let text: string;
  try {
    text = fs.readFileSync(metadataPath, 'utf8');
  } catch (err) {
    throw new WinnowError('MODEL_MISSING', `cannot read model metadata ${metadataPath}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new WinnowError('MODEL_INVALID', `model metadata ${metadataPath} is not valid JSON: ${(err as Error).message}`);
  }
  const metadata = validateMetadata(raw, metadataPath);
  const onnxPath = path.resolve(path.dirname(metadataPath), metadata.onnx);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(onnxPath);
  } catch (err) {
    throw new WinnowError('MODEL_MISSING', `cannot read model file ${onnxPath}: ${(err as Error).message}`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== metadata.sha256.toLowerCase()) {
    throw new WinnowError('MODEL_MISMATCH', `model file ${onnxPath} does not match its metadata (sha256 ${actual.slice(0, 12)}..., expected ${metadata.sha256.slice(0, 12)}...)`);
  }
  return { metadata, metadataPath, onnxPath };
}
