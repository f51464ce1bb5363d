/**
 * Turns a drag across the histogram into a quality range. A click without a drag (a span under
 * half a percent of the axis) clears the filter; ends that reach the axis ends are left open so
 * photos scored later beyond today's extremes are not silently excluded.
 */
export function brushRange(from: number, to: number, axisMin: number, axisMax: number): { min?: number; max?: number } | null {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const span = axisMax - axisMin || 1;
  if ((hi - lo) / span < 0.005) return null;
  const round = (v: number) => Math.round(v * 10) / 10;
  const out: { min?: number; max?: number } = {};
  if ((lo - axisMin) / span > 0.005) out.min = round(lo);
  if ((axisMax - hi) / span > 0.005) out.max = round(hi);
  return out.min === undefined && out.max === undefined ? null : out;
}
