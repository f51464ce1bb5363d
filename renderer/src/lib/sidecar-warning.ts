import type { SidecarProblemInfo } from '../../../electron/shared/api-contract';
import { count } from './format';

/**
 * The notice for sidecars a decision could not be written to: the decision stands in the library,
 * but darktable or Lightroom will not see it until the sidecar can be written (the next decision
 * on that photo, or `winnow sidecars write`, tries again).
 */
export function sidecarWarning(problems: readonly SidecarProblemInfo[]): string | null {
  if (problems.length === 0) return null;
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${count(problems.length - 1)} more)` : '';
  return `Saved in the library, but ${problems.length === 1 ? 'a sidecar' : `${count(problems.length)} sidecars`} could not be written: ${first.sidecarPath}: ${first.message}${more}. Run "winnow sidecars write" once the folder is writable.`;
}
