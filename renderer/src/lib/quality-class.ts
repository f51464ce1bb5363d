/** Badge colour bands for a 0-100 score: the same cut-offs everywhere a score is shown. */
export function qualityClass(q: number | null): string {
  if (q === null) return 'q-none';
  if (q >= 70) return 'q-high';
  if (q >= 45) return 'q-mid';
  return 'q-low';
}
