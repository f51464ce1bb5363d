import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { analysePhoto } from '../electron/core/pipeline/analyse-photo.js';
import type { QualityModel } from '../electron/core/inference/quality-model.js';
import { problemBits, type ProblemInputs } from '../electron/core/measures/problem-flags.js';
import { PROBLEM, type ProblemName } from '../electron/shared/api-contract.js';

/** Every degraded copy is a photo of this long side: what a phone or a resized camera file holds. */
const LONG_SIDE = 2048;

interface Degradation {
  readonly name: string;
  readonly expect: ProblemName;
  readonly make: (s: Sharp) => Sharp;
}

/** Faults at levels a photographer would reject, two grades each. */
export const DEGRADATIONS: readonly Degradation[] = [
  { name: 'blur_sigma_2', expect: 'blurry', make: (s) => s.blur({ sigma: 2, minAmplitude: 0.01 }) },
  { name: 'blur_sigma_4', expect: 'blurry', make: (s) => s.blur({ sigma: 4, minAmplitude: 0.01 }) },
  { name: 'noise_12', expect: 'noisy', make: (s) => s },
  { name: 'noise_20', expect: 'noisy', make: (s) => s },
  { name: 'under_2ev', expect: 'underexposed', make: (s) => s.linear(0.25, 0) },
  { name: 'under_3ev', expect: 'underexposed', make: (s) => s.linear(0.125, 0) },
  { name: 'over_1.5ev', expect: 'overexposed', make: (s) => s.linear(2.8, 0) },
  { name: 'over_2.5ev', expect: 'overexposed', make: (s) => s.linear(5.6, 0) },
];

/** Gaussian noise of `sigma` grey levels, luminance and some chroma, as a sensor at high ISO. */
async function addNoise(rgb: Buffer, width: number, height: number, sigma: number, seed: number): Promise<Buffer> {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const out = Buffer.allocUnsafe(rgb.length);
  for (let i = 0; i < width * height; i++) {
    const lum = gauss() * sigma * 0.8;
    for (let c = 0; c < 3; c++) {
      const v = rgb[i * 3 + c]! + lum + gauss() * sigma * 0.6;
      out[i * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return out;
}

export async function degradedCopies(sources: readonly string[], cacheDir: string, faults = true): Promise<{ source: string; name: string; expect: ProblemName | null; file: string }[]> {
  const dir = path.join(cacheDir, 'problem-flags');
  fs.mkdirSync(dir, { recursive: true });
  const out = [];
  for (const [i, source] of sources.entries()) {
    const stem = `${path.basename(path.dirname(source))}_${path.basename(source, path.extname(source))}`;
    const base = () => sharp(source).rotate().resize(LONG_SIDE, LONG_SIDE, { fit: 'inside', withoutEnlargement: true }).toColourspace('srgb');
    for (const d of faults ? DEGRADATIONS : [{ name: 'clean', expect: null, make: (s: Sharp) => s }]) {
      const file = path.join(dir, stem, `${d.name}.jpg`);
      if (!fs.existsSync(file)) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        let img: Sharp;
        if (d.name.startsWith('noise_')) {
          const { data, info } = await base().removeAlpha().raw().toBuffer({ resolveWithObject: true });
          const noisy = await addNoise(data, info.width, info.height, Number(d.name.slice(6)), 1000 + i);
          img = sharp(noisy, { raw: { width: info.width, height: info.height, channels: 3 } });
        } else {
          img = d.make(base());
        }
        await img.jpeg({ quality: 95 }).toFile(`${file}.tmp`);
        fs.renameSync(`${file}.tmp`, file);
      }
      out.push({ source, name: d.name, expect: d.expect as ProblemName | null, file });
    }
  }
  return out;
}

const NAMES = Object.keys(PROBLEM) as ProblemName[];

export function flagNames(bits: number): ProblemName[] {
  return NAMES.filter((n) => (bits & PROBLEM[n]) !== 0);
}

export interface FlagRecord extends ProblemInputs {
  readonly source: string;
  readonly name: string;
  readonly expect: ProblemName | null;
  readonly flags: ProblemName[];
}

/** Runs every copy through the app's analysis and the app's flag rule. */
export async function measureCopies(copies: Awaited<ReturnType<typeof degradedCopies>>, model: QualityModel, thumbnailsDir: string): Promise<FlagRecord[]> {
  const out: FlagRecord[] = [];
  for (const c of copies) {
    const r = await analysePhoto(c.file, model, { thumbnailsDir });
    if (!r.ok) throw new Error(`problem-flag copy ${c.file} failed: ${r.message}`);
    const inputs: ProblemInputs = {
      sharpness: r.measures.sharpness,
      noise: r.measures.noise,
      exposureMean: r.measures.mean,
      clippedHighlights: r.measures.clippedHighlights,
      clippedShadows: r.measures.clippedShadows,
      focus: r.focus,
    };
    out.push({ source: c.source, name: c.name, expect: c.expect, ...inputs, flags: flagNames(problemBits(inputs)) });
  }
  return out;
}

export function flagSummary(records: readonly FlagRecord[]): Record<string, number> {
  const clean = records.filter((r) => r.expect === null);
  const faulty = records.filter((r) => r.expect !== null);
  const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);
  const summary: Record<string, number> = {
    clean_photos: clean.length,
    clean_flagged_pct: pct(clean.filter((r) => r.flags.length > 0).length, clean.length),
    degraded_copies: faulty.length,
    degraded_right_flag_pct: pct(faulty.filter((r) => r.flags.includes(r.expect!)).length, faulty.length),
  };
  for (const d of DEGRADATIONS) {
    const rs = faulty.filter((r) => r.name === d.name);
    summary[`${d.name}_right_flag_pct`] = pct(rs.filter((r) => r.flags.includes(d.expect)).length, rs.length);
  }
  return summary;
}

/** The pristine photos held out of training (models/training/pristine_split.json, package + path). */
export function heldOutPristine(sources: readonly string[]): string[] {
  const split = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../models/training/pristine_split.json'), 'utf8')) as { holdout: string[] };
  return sources.filter((s) => split.holdout.some((key) => s.replaceAll('\\', '/').endsWith(key.slice(key.indexOf('/')))));
}
