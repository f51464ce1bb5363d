import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT, SAMPLES, realPhotos } from './paths.js';

const EXIFTOOL = path.join(REPO_ROOT, 'node_modules/exiftool-vendored.pl/bin/exiftool');

/**
 * A RAW container from ../shared/data/samples/raw with a full-size preview written into it by
 * ExifTool (the samples are stripped and keep only thumbnails), as their README describes.
 * `tag` is where that maker's format keeps its large preview.
 */
export async function rawWithPreview(sample: string, tag: 'PreviewImage' | 'JpgFromRaw', target: string, longSide = 1600): Promise<void> {
  fs.copyFileSync(path.join(SAMPLES, 'raw', sample), target);
  const jpeg = `${target}.preview.jpg`;
  await sharp(realPhotos(1)[0]!).resize(longSide).jpeg({ quality: 90 }).toFile(jpeg);
  const r = spawnSync('perl', [EXIFTOOL, '-q', '-q', '-overwrite_original', `-${tag}<=${jpeg}`, target], { encoding: 'utf8' });
  fs.rmSync(jpeg);
  if (r.status !== 0) throw new Error(`exiftool could not write ${tag} into ${sample}: ${r.stderr}`);
}
