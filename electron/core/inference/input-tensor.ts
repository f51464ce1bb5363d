import type { ModelMetadata } from './model-metadata.js';

/** Size the photo is resized to for the model: aspect kept, long side fitted. */
export function modelInputSize(width: number, height: number, input: ModelMetadata['input']): { width: number; height: number } {
  const long = Math.max(width, height);
  const target = input.size.longSide;
  const factor = long > target || input.size.upscale ? target / long : 1;
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

export interface CropRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The centred crop that brings a resized image's sides down to multiples of input.size.multipleOf
 * (at most multipleOf - 1 pixels a side; never below one multiple).
 */
export function multipleCrop(width: number, height: number, multipleOf: number): CropRect {
  const w = Math.min(width, Math.max(multipleOf, width - (width % multipleOf)));
  const h = Math.min(height, Math.max(multipleOf, height - (height % multipleOf)));
  return { left: Math.floor((width - w) / 2), top: Math.floor((height - h) / 2), width: w, height: h };
}

/** Interleaved 8-bit RGB to a normalised planar float tensor (N=1, C=3, H, W). */
export function rgbToTensorData(rgb: Uint8Array, width: number, height: number, input: ModelMetadata['input']): Float32Array {
  const plane = width * height;
  if (rgb.length !== plane * 3) throw new Error(`expected ${plane * 3} bytes of RGB, got ${rgb.length}`);
  const out = new Float32Array(plane * 3);
  const { scale, mean, std } = input;
  // Fold (v * scale - mean) / std into one multiply-add per value.
  const a0 = scale / std[0], b0 = -mean[0] / std[0];
  const a1 = scale / std[1], b1 = -mean[1] / std[1];
  const a2 = scale / std[2], b2 = -mean[2] / std[2];
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    out[i] = rgb[j]! * a0 + b0;
    out[plane + i] = rgb[j + 1]! * a1 + b1;
    out[2 * plane + i] = rgb[j + 2]! * a2 + b2;
  }
  return out;
}
