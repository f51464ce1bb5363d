import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { decodePhoto, readHeader } from '../electron/core/decode/decode-photo.js';
import { closeRawReader, readRawPreview } from '../electron/core/decode/raw-preview.js';
import { ANALYSIS_LONG_SIDE } from '../electron/core/measures/classic-measures.js';
import { REPO_ROOT } from './bench-paths.js';

const SAMPLES = path.resolve(REPO_ROOT, '../shared/data/samples');
const EXIFTOOL = path.join(REPO_ROOT, 'node_modules/exiftool-vendored.pl/bin/exiftool');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export interface HeicFigures {
  readonly file: string;
  readonly megapixels: number;
  /** The scan's decode of the HEIC (libheif in its worker, then sharp to the analysis size). */
  readonly heicMs: number;
  /** The same pixels as a quality-90 JPEG, decoded in full (no shrink-on-load). */
  readonly jpegFullMs: number;
  /** That JPEG through the scan's decode, where libjpeg's shrink-on-load skips most of the work. */
  readonly jpegPipelineMs: number;
}

/** Decoding a 12 MP iPhone HEIC against a JPEG of the same pixel count, one photo at a time on one libvips thread. */
export async function heicBench(runs = 5): Promise<HeicFigures> {
  const file = path.join(SAMPLES, 'formats/iphone_15_pro.heic');
  const heic = fs.readFileSync(file);
  const header = await readHeader(heic);
  const full = await decodePhoto(heic, header, 100_000);
  const jpeg = await sharp(full.data, { raw: { width: full.width, height: full.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  const jpegHeader = await readHeader(jpeg);
  const threads = sharp.concurrency();
  sharp.concurrency(1);
  try {
    const heicMs: number[] = [];
    const jpegFullMs: number[] = [];
    const jpegPipelineMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      heicMs.push(await timed(() => decodePhoto(heic, header, ANALYSIS_LONG_SIDE)));
      jpegFullMs.push(await timed(() => sharp(jpeg).toColourspace('srgb').raw().toBuffer()));
      jpegPipelineMs.push(await timed(() => decodePhoto(jpeg, jpegHeader, ANALYSIS_LONG_SIDE)));
    }
    return { file: path.basename(file), megapixels: (full.width * full.height) / 1e6, heicMs: median(heicMs), jpegFullMs: median(jpegFullMs), jpegPipelineMs: median(jpegPipelineMs) };
  } finally {
    sharp.concurrency(threads);
  }
}

export interface RawFigures {
  readonly files: number;
  readonly previewMegapixels: number;
  readonly previewKb: number;
  /** Finding and extracting the largest preview and reading the EXIF, per file, ExifTool warm. */
  readonly extractMs: number;
  /** The extracted preview's own decode to the analysis size. */
  readonly previewDecodeMs: number;
  /** Median extraction per container: sliced from the file's bytes (TIFF-based) or extracted by ExifTool. */
  readonly byContainer: Record<string, number>;
}

/**
 * RAW containers from ../shared/data/samples/raw carrying a full-size (24 MP) preview written by
 * ExifTool, as a camera stores its JpgFromRaw or PreviewImage, extracted one after another.
 */
export async function rawBench(workDir: string, copies = 6): Promise<RawFigures> {
  fs.mkdirSync(workDir, { recursive: true });
  const preview = path.join(workDir, 'preview.jpg');
  const source = path.join(SAMPLES, 'formats/6720px_white.jpg');
  const clive = path.resolve(REPO_ROOT, '../shared/data/clive/images');
  const photo = fs.existsSync(clive) ? path.join(clive, fs.readdirSync(clive).filter((n) => /\.jpe?g$/i.test(n)).sort()[0]!) : source;
  await sharp(photo).resize(6000, 4000, { fit: 'fill' }).jpeg({ quality: 92 }).toFile(preview);
  const containers: [string, string][] = [
    ['exiftool_CanonRaw.cr2', 'PreviewImage'],
    ['exiftool_CanonRaw.crw', 'JpgFromRaw'],
    ['exiftool_DNG.dng', 'PreviewImage'],
    ['exiftool_Minolta.mrw', 'PreviewImage'],
    ['exiftool_Panasonic.rw2', 'JpgFromRaw'],
  ];
  const files: string[] = [];
  for (const [sample, tag] of containers) {
    const first = path.join(workDir, `0-${sample}`);
    fs.copyFileSync(path.join(SAMPLES, 'raw', sample), first);
    const r = spawnSync('perl', [EXIFTOOL, '-q', '-q', '-overwrite_original', `-${tag}<=${preview}`, first], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`exiftool could not write ${tag} into ${sample}: ${r.stderr}`);
    for (let c = 0; c < copies; c++) {
      const copy = path.join(workDir, `${c}-${sample}`);
      if (c > 0) fs.copyFileSync(first, copy);
      files.push(copy);
    }
  }
  await readRawPreview(files[0]!); // ExifTool's start-up is paid once per scan, not per file
  const extractMs: number[] = [];
  const decodeMs: number[] = [];
  const perContainer = new Map<string, number[]>();
  let last = null;
  for (const f of files) {
    // The scan has read the file already (for its fingerprint): the preview is found in those bytes.
    const bytes = fs.readFileSync(f);
    const t = performance.now();
    const header = await readHeader(bytes, undefined, f);
    extractMs.push(performance.now() - t);
    const ext = path.extname(f).slice(1);
    perContainer.set(ext, [...(perContainer.get(ext) ?? []), performance.now() - t]);
    decodeMs.push(await timed(() => decodePhoto(bytes, header, ANALYSIS_LONG_SIDE)));
    last = header;
  }
  await closeRawReader();
  fs.rmSync(workDir, { recursive: true, force: true });
  return {
    files: files.length,
    previewMegapixels: last ? (last.width * last.height) / 1e6 : 0,
    previewKb: last?.source.kind === 'raw-preview' ? Math.round(last.source.image.length / 1024) : 0,
    extractMs: extractMs.reduce((a, b) => a + b, 0) / extractMs.length,
    previewDecodeMs: median(decodeMs),
    byContainer: Object.fromEntries([...perContainer].map(([ext, ms]) => [ext, Math.round(median(ms) * 10) / 10])),
  };
}
