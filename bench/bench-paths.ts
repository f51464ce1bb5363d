import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Generated libraries and unpacked packages persist here between runs (gitignored). */
export function benchCacheDir(): string {
  return process.env.WINNOW_BENCH_CACHE ? path.resolve(process.env.WINNOW_BENCH_CACHE) : path.join(REPO_ROOT, 'node_modules', '.cache', 'winnow-bench');
}

export function scratchDir(name: string): string {
  return path.join(os.tmpdir(), `winnow-bench-${process.pid}-${name}`);
}
