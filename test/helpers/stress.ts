import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { REPO_ROOT } from './paths.js';

/** Long loops run with WINNOW_STRESS=long (npm run test:stress); CI and npm test run them short. */
export const LONG = process.env.WINNOW_STRESS === 'long';

export function iterations(short: number, long: number): number {
  return LONG ? long : short;
}

/**
 * Stress suites add their counts here, one file per suite (suites run in parallel processes), and
 * test/stress/stress-summary.ts prints the totals so a run says how much was tried and what was lost.
 */
export const STRESS_RESULTS = path.join(REPO_ROOT, 'test-results', 'stress');

export function recordStress(suite: string, counts: Record<string, number>): void {
  fs.mkdirSync(STRESS_RESULTS, { recursive: true });
  fs.writeFileSync(path.join(STRESS_RESULTS, `${suite.replace(/[^a-z0-9-]+/gi, '-')}.json`), JSON.stringify({ suite, counts }, null, 2));
  process.stdout.write(`[stress] ${suite}: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A deterministic pseudo-random source, seeded from the environment when given. */
export function seededRandom(seed = Number(process.env.WINNOW_STRESS_SEED ?? 1234)): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
