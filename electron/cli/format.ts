import type { PhotoRow } from '../shared/library-types.js';

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function pickLabel(pick: -1 | 0 | 1): string {
  return pick === 1 ? 'pick' : pick === -1 ? 'reject' : '-';
}

function num(v: number | null, digits: number): string {
  return v === null ? '-' : v.toFixed(digits);
}

/** A fixed-width table: columns line up in a terminal and stay greppable. */
export function photoTable(rows: readonly PhotoRow[]): string {
  const header = ['quality', 'sharp', 'rating', 'pick', 'path'];
  const body = rows.map((r) => [num(r.quality, 1), num(r.sharpness, 1), String(r.rating), pickLabel(r.pick), r.path + (r.missing ? '  (missing)' : '') + (r.error ? `  [error: ${r.error}]` : '')]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (i < 4 ? row[i]!.length : 0))));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padStart(widths[i]!) : c)).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

export function photoJson(r: PhotoRow): Record<string, unknown> {
  return {
    id: r.id,
    path: r.path,
    quality: r.quality,
    sharpness: r.sharpness,
    exposure: r.exposureMean,
    noise: r.noise,
    rating: r.rating,
    pick: pickLabel(r.pick),
    colorLabel: r.colorLabel,
    width: r.width,
    height: r.height,
    takenAt: r.takenAt === null ? null : new Date(r.takenAt).toISOString().replace('Z', ''),
    camera: r.camera,
    missing: r.missing,
    error: r.error,
  };
}

/** "on WebGPU (SwiftShader)", then why the providers before it were passed over. */
export function executionLine(execution: string, notes: readonly string[]): string {
  // "cuda: not installed", "tensorrt: not installed" read as "cuda, tensorrt: not installed".
  const byReason = new Map<string, string[]>();
  for (const note of notes) {
    const at = note.indexOf(': ');
    const [name, reason] = at < 0 ? ['', note] : [note.slice(0, at), note.slice(at + 2)];
    byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  }
  const passed = [...byReason].map(([reason, names]) => `${names.filter(Boolean).join(', ')}: ${reason}`);
  return `on ${execution}${passed.length > 0 ? ` (passed over: ${passed.join('; ')})` : ''}`;
}
