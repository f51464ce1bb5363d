import type { Sharp } from 'sharp';

/**
 * Applies an EXIF orientation (1-8) to a pipeline whose input carries none of its own: decoded
 * HEIC pixels and RAW previews, whose orientation comes from elsewhere in the file. sharp mirrors
 * before it rotates, so the mirrored orientations are a flop followed by a rotation.
 */
export function orient(pipeline: Sharp, orientation: number | null): Sharp {
  switch (orientation) {
    case 2:
      return pipeline.flop();
    case 3:
      return pipeline.rotate(180);
    case 4:
      return pipeline.flip();
    case 5:
      return pipeline.flop().rotate(270);
    case 6:
      return pipeline.rotate(90);
    case 7:
      return pipeline.flop().rotate(90);
    case 8:
      return pipeline.rotate(270);
    default:
      return pipeline;
  }
}

/** Orientations 5-8 swap width and height. */
export function swapsSides(orientation: number | null): boolean {
  return orientation !== null && orientation >= 5 && orientation <= 8;
}
