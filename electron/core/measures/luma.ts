/**
 * Rec. 709 luma of sRGB-encoded 8-bit values, times 256, in integers: weights 54/183/19 sum to 256
 * and match 0.2126/0.7152/0.0722 within 0.002. Integer arithmetic keeps the per-pixel loops that
 * call this (measures, perceptual hash) in int32; V8 inlines it there.
 */
export function lumaX256(r: number, g: number, b: number): number {
  return 54 * r + 183 * g + 19 * b;
}
