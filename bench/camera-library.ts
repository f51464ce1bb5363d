import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const WIDTH = 6000;
const HEIGHT = 4000;

function exifDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}:${p(d.getUTCMonth() + 1)}:${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * A library that looks like a camera card: N 24-megapixel JPEGs (6000x4000, quality 90, 4:2:0)
 * with camera EXIF, made from the clean photos (cycled, each with its own crop so no two files
 * are alike). Built once per N and reused.
 */
export async function cameraLibrary(sources: readonly string[], count: number, cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, `camera-${count}`);
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const start = Date.UTC(2026, 5, 14, 9, 0, 0);
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `IMG_${String(i + 1).padStart(4, '0')}.JPG`);
    if (fs.existsSync(file)) continue;
    const source = sources[i % sources.length]!;
    const round = Math.floor(i / sources.length);
    const gravity = ['centre', 'north', 'south', 'east', 'west', 'northeast', 'southwest'][round % 7]!;
    await sharp(source)
      .resize(WIDTH, HEIGHT, { fit: 'cover', position: gravity, kernel: 'lanczos3' })
      .withExif({
        IFD0: { Make: 'Winnow', Model: 'Bench 24MP', Software: 'winnow bench' },
        IFD2: {
          DateTimeOriginal: exifDate(new Date(start + i * 7000)),
          ISOSpeedRatings: String([100, 200, 400, 800, 1600][i % 5]),
          FNumber: ['28/10', '4/1', '56/10', '8/1'][i % 4]!,
          ExposureTime: ['1/250', '1/125', '1/60'][i % 3]!,
          FocalLength: '35/1',
        },
      })
      .jpeg({ quality: 90, chromaSubsampling: '4:2:0' })
      .toFile(`${file}.tmp`);
    fs.renameSync(`${file}.tmp`, file);
  }
  fs.writeFileSync(done, '');
  return dir;
}
