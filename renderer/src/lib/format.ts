/** How numbers read on tiles and in the info panel: short, in a photographer's units. */

export function score(q: number | null | undefined): string {
  return q === null || q === undefined ? '–' : q.toFixed(q >= 99.95 ? 0 : 1);
}

export function shutter(seconds: number | null): string | null {
  if (seconds === null || seconds <= 0) return null;
  if (seconds >= 0.3) return `${Number(seconds.toFixed(1))} s`;
  return `1/${Math.round(1 / seconds)} s`;
}

export function aperture(f: number | null): string | null {
  return f === null ? null : `f/${Number(f.toFixed(1))}`;
}

export function focal(mm: number | null): string | null {
  return mm === null ? null : `${Math.round(mm)} mm`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export function dateTime(ms: number | null): string | null {
  if (ms === null) return null;
  return new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function percent(share: number | null): string | null {
  return share === null ? null : `${(share * 100).toFixed(share < 0.01 ? 2 : 1)} %`;
}

/** A photo's decisions in words, for screen readers ("picked, 3 stars, Red label, stack of 5"). */
export function describeDecisions(p: { pick: number; rating: number; colorLabel: string | null; stack?: { size: number; top: boolean } }): string {
  return [
    p.pick === 1 ? 'picked' : p.pick === -1 ? 'rejected' : null,
    p.rating > 0 ? `${p.rating} star${p.rating === 1 ? '' : 's'}` : null,
    p.colorLabel ? `${p.colorLabel} label` : null,
    p.stack?.top ? `stack of ${p.stack.size}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}
