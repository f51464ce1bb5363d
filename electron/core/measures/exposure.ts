export interface ExposureMeasure {
  /** Mean luma, 0..1. */
  readonly mean: number;
  /** Share of pixels with any channel at 254 or more: detail lost to white. */
  readonly clippedHighlights: number;
  /** Share of pixels whose luma is at most 3: detail lost to black. */
  readonly clippedShadows: number;
}
