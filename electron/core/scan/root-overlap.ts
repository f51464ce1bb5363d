import fs from 'node:fs';
import path from 'node:path';

export interface RootOverlap {
  /** 'inside': the new folder lies in a library folder; 'contains': it holds one. */
  readonly kind: 'inside' | 'contains';
  readonly root: string;
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p); // a library folder on a drive not mounted keeps its stored path
  }
}

const within = (child: string, parent: string) => child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * Whether a folder to add overlaps a library folder, compared by real path (so a link to a folder
 * already in the library is caught too). Two roots over the same photos would each claim them, and
 * the second scan would take photos, with their decisions, away from the first. The same folder
 * again is no overlap: adding it rescans it.
 */
export function rootOverlap(candidate: string, roots: readonly string[]): RootOverlap | null {
  const c = real(candidate);
  for (const root of roots) {
    const r = real(root);
    if (r === c) continue;
    if (within(c, r)) return { kind: 'inside', root };
    if (within(r, c)) return { kind: 'contains', root };
  }
  return null;
}
