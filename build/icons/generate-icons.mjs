// Renders build/icons/winnow.svg to the PNG sizes electron-builder and desktop environments use:
// Linux takes the folder of NxN.png files, Windows builds its .ico from 512x512.png and macOS its
// .icns from 1024x1024.png. Run `npm run icons` after editing the SVG and commit the PNGs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const ICON_SIZES = [1024, 512, 256, 128, 64, 48, 32, 16];

const here = path.dirname(fileURLToPath(import.meta.url));
const svg = path.join(here, 'winnow.svg');

for (const size of ICON_SIZES) {
  // Rasterise at the target size (density scales the 1024-unit SVG) rather than downscaling one
  // bitmap, so small icons stay crisp.
  const density = Math.max(1, (72 * size) / 1024);
  const out = path.join(here, `${size}x${size}.png`);
  await sharp(svg, { density }).resize(size, size).png({ compressionLevel: 9 }).toFile(out);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
