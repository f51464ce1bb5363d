import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Kernel, type Sharp } from 'sharp';
import { analysePhoto } from '../electron/core/pipeline/analyse-photo.js';
import type { QualityModel } from '../electron/core/inference/quality-model.js';

/** The frames of one focus burst, sharpest first within each chain. */
export const GAUSSIAN_SIGMAS = [0.7, 1.0, 1.5, 2.5] as const;
export const MOTION_LENGTHS = [5, 11, 21] as const;
const MIN_MEGAPIXELS = 8;

type Frame = { name: string; make: (s: Sharp) => Sharp };

function motionKernel(length: number): Kernel {
  // A horizontal line: what a camera panning during the exposure does to every point. libvips
  // wants at least three rows, so the line sits in the middle of zero rows.
  const zeros = new Array<number>(length).fill(0);
  return { width: length, height: 3, kernel: [...zeros, ...new Array<number>(length).fill(1), ...zeros], scale: length };
}

const FRAMES: readonly Frame[] = [
  { name: 'sharp', make: (s) => s },
  ...GAUSSIAN_SIGMAS.map((sigma) => ({ name: `gaussian_${sigma}`, make: (s: Sharp) => s.blur({ sigma, minAmplitude: 0.01 }) })),
  ...MOTION_LENGTHS.map((len) => ({ name: `motion_${len}`, make: (s: Sharp) => s.convolve(motionKernel(len)) })),
];

/** Pairs whose order is defined: every two frames of one chain (sharp heads both chains). */
export function orderedPairs(): [string, string][] {
  const chains = [['sharp', ...GAUSSIAN_SIGMAS.map((s) => `gaussian_${s}`)], ['sharp', ...MOTION_LENGTHS.map((l) => `motion_${l}`)]];
  const pairs: [string, string][] = [];
  for (const chain of chains) for (let i = 0; i < chain.length; i++) for (let j = i + 1; j < chain.length; j++) pairs.push([chain[i]!, chain[j]!]);
  return pairs;
}

/**
 * Bursts from the clean photos of at least 8 MP, at their own resolution: the sharp frame, Gaussian
 * blur of sigma 0.7/1.0/1.5/2.5 native pixels and motion blur of 5/11/21 px, each saved as a
 * quality-95 JPEG. None of these photos is used by the focus training (models/training/focus_groups.py).
 */
export async function focusBursts(sources: readonly string[], cacheDir: string): Promise<{ photo: string; frames: Record<string, string> }[]> {
  const dir = path.join(cacheDir, 'focus-bursts');
  fs.mkdirSync(dir, { recursive: true });
  const out = [];
  for (const source of sources) {
    const meta = await sharp(source).metadata();
    if ((meta.width ?? 0) * (meta.height ?? 0) < MIN_MEGAPIXELS * 1e6) continue;
    const stem = path.basename(path.dirname(source)) + '_' + path.basename(source, path.extname(source));
    const frames: Record<string, string> = {};
    for (const frame of FRAMES) {
      const file = path.join(dir, stem, `${frame.name}.jpg`);
      if (!fs.existsSync(file)) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await frame.make(sharp(source).rotate().toColourspace('srgb')).jpeg({ quality: 95 }).toFile(`${file}.tmp`);
        fs.renameSync(`${file}.tmp`, file);
      }
      frames[frame.name] = file;
    }
    out.push({ photo: stem, frames });
  }
  return out;
}

export interface FocusBurstResult {
  readonly bursts: number;
  readonly sharp_first_pct: number;
  readonly pairs_correct_pct: number;
  /** Share of bursts where each frame of sigma >= 1.5 scores at least 5 below the sharp one. */
  readonly sigma_ge_1_5_drop_ge_5_pct: number;
  readonly sigma_1_5_drop: { min: number; median: number };
  readonly per_burst: Record<string, Record<string, { score: number; focus: number | null }>>;
}

/** Scores every frame through the app's own per-photo analysis (decode, model, focus pass). */
export async function scoreFocusBursts(
  bursts: readonly { photo: string; frames: Record<string, string> }[],
  model: QualityModel,
  thumbnailsDir: string,
): Promise<FocusBurstResult> {
  const perBurst: Record<string, Record<string, { score: number; focus: number | null }>> = {};
  let sharpFirst = 0;
  let pairsOk = 0;
  let pairs = 0;
  let bigDropOk = 0;
  const drops15: number[] = [];
  for (const burst of bursts) {
    const scores: Record<string, { score: number; focus: number | null }> = {};
    for (const [name, file] of Object.entries(burst.frames)) {
      const r = await analysePhoto(file, model, { thumbnailsDir });
      if (!r.ok) throw new Error(`focus burst frame ${file} failed: ${r.message}`);
      scores[name] = { score: r.prediction.score, focus: r.focus };
    }
    perBurst[burst.photo] = scores;
    const sharpScore = scores['sharp']!.score;
    if (Object.entries(scores).every(([n, s]) => n === 'sharp' || s.score < sharpScore)) sharpFirst++;
    for (const [a, b] of orderedPairs()) {
      pairs++;
      if (scores[a]!.score > scores[b]!.score) pairsOk++;
    }
    const big = ['gaussian_1.5', 'gaussian_2.5'].map((n) => sharpScore - scores[n]!.score);
    if (big.every((d) => d >= 5)) bigDropOk++;
    drops15.push(big[0]!);
  }
  drops15.sort((a, b) => a - b);
  const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);
  return {
    bursts: bursts.length,
    sharp_first_pct: pct(sharpFirst, bursts.length),
    pairs_correct_pct: pct(pairsOk, pairs),
    sigma_ge_1_5_drop_ge_5_pct: pct(bigDropOk, bursts.length),
    sigma_1_5_drop: {
      min: Math.round((drops15[0] ?? 0) * 10) / 10,
      median: Math.round((drops15[Math.floor(drops15.length / 2)] ?? 0) * 10) / 10,
    },
    per_burst: perBurst,
  };
}
