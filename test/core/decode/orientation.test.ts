import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { orient } from '../../../electron/core/decode/orientation.js';

/** A 3x2 image with a different grey in every pixel, so any wrong turn or mirror shows. */
const W = 3;
const H = 2;
const pixels = Buffer.from(Array.from({ length: W * H * 3 }, (_, i) => Math.floor(i / 3) * 40));

describe('orient', () => {
  it("matches sharp's auto-orientation of an image tagged with each EXIF orientation", async () => {
    for (let o = 1; o <= 8; o++) {
      // sharp's own reading of the tag is the reference: an uncompressed TIFF carrying the orientation.
      const tagged = await sharp(pixels, { raw: { width: W, height: H, channels: 3 } }).withMetadata({ orientation: o }).tiff({ compression: 'none' }).toBuffer();
      const expected = await sharp(tagged).rotate().raw().toBuffer({ resolveWithObject: true });
      const actual = await orient(sharp(pixels, { raw: { width: W, height: H, channels: 3 } }), o).raw().toBuffer({ resolveWithObject: true });
      expect([actual.info.width, actual.info.height], `orientation ${o}`).toEqual([expected.info.width, expected.info.height]);
      expect([...actual.data], `orientation ${o}`).toEqual([...expected.data]);
    }
  });
});
