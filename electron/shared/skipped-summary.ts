import type { SkippedCount } from './library-types.js';

/** "3 BMP, 2 videos, 1 PSD": how the CLI and the app both say what a scan did not read. */
export function describeSkipped(counts: readonly SkippedCount[]): string {
  return counts
    .map((c) => (c.kind === 'video' ? `${c.files} video${c.files === 1 ? '' : 's'}` : c.kind === 'other' ? `${c.files} other` : `${c.files} ${c.kind}`))
    .join(', ');
}
