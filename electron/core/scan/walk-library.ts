import fs from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { isPhotoName } from './photo-formats.js';
import { isSidecarTemporaryName } from '../xmp/atomic-write.js';
import { skippedKind } from './skipped-files.js';

/** Folders that hold caches, trash or system data, never a photographer's pictures. */
const SYSTEM_FOLDERS = new Set([
  '@eadir', // Synology thumbnails
  '#recycle',
  '#snapshot',
  '$recycle.bin',
  'system volume information',
  'lost+found',
  'node_modules',
  '.thumbnails',
  '.trash',
  '.trashes',
  '.spotlight-v100',
  '.fseventsd',
]);

export type WalkEntry =
  | { readonly kind: 'file'; readonly path: string; readonly relPath: string; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'problem'; readonly path: string; readonly code: string; readonly message: string }
  /** A hidden temporary of Winnow's sidecar writer, for the scan to clear away if abandoned. */
  | { readonly kind: 'sidecar-temporary'; readonly path: string }
  /** A file that is not a photo Winnow reads, counted so that nothing is passed over in silence. */
  | { readonly kind: 'skipped'; readonly path: string; readonly fileKind: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(raw: Buffer): string | null {
  try {
    return utf8.decode(raw);
  } catch {
    return null;
  }
}

/** Shows undecodable bytes as \xNN so the user can find the file. */
export function printableName(raw: Buffer): string {
  let out = '';
  for (const byte of raw) out += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

function within(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FOLDERS.has(name.toLowerCase());
}

/**
 * Walks a library root depth-first in name order, yielding photo candidates and the problems met
 * on the way. Symlinks are followed (people link folders into their library) but every directory is
 * entered once by its real identity, so loops end. Paths are reported as seen under the root, with
 * forward slashes in relPath on every platform. Folders in `exclude` are not entered.
 */
export async function* walkLibrary(root: string, options: { exclude?: readonly string[] } = {}): AsyncGenerator<WalkEntry> {
  const rootStat = await fs.stat(root);
  // The library's own folders (thumbnail and preview caches beside a database kept among the
  // photos) are never photos: known by identity, so no path spelling lets them in.
  const excluded = new Set<string>();
  for (const dir of options.exclude ?? []) {
    const st = await fs.stat(dir).catch(() => null);
    if (st?.isDirectory()) excluded.add(`${st.dev}:${st.ino}`);
  }
  const realRoot = await fs.realpath(root);
  const visited = new Set<string>([`${rootStat.dev}:${rootStat.ino}`]);
  const stack: { dir: string; rel: string }[] = [{ dir: root, rel: '' }];

  while (stack.length > 0) {
    const { dir, rel } = stack.pop()!;
    let entries: Dirent<Buffer>[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      yield { kind: 'problem', path: dir, code: e.code ?? 'EREAD', message: `cannot read folder: ${e.message}` };
      continue;
    }
    const named = entries.map((e) => ({ dirent: e, name: decodeName(e.name) }));
    named.sort((a, b) => Buffer.compare(a.dirent.name, b.dirent.name));
    const subdirs: { dir: string; rel: string; link: boolean }[] = [];

    for (const { dirent, name } of named) {
      if (name === null) {
        const shown = path.join(dir, printableName(dirent.name));
        if (dirent.isDirectory() || isPhotoName(printableName(dirent.name))) {
          yield {
            kind: 'problem',
            path: shown,
            code: 'NAME_NOT_UTF8',
            message: 'name is not valid UTF-8, so Winnow cannot track it safely; rename it and rescan',
          };
        } else if (dirent.isFile()) {
          const kind = skippedKind(printableName(dirent.name));
          if (kind !== null) yield { kind: 'skipped', path: shown, fileKind: kind };
        }
        continue;
      }
      const full = path.join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;

      let isDir = dirent.isDirectory();
      let isFile = dirent.isFile();
      if (dirent.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
          // Only what really lies under the root belongs to it: the app serves nothing else, so a
          // photo reached through a link to elsewhere could be scored but never shown.
          const real = await fs.realpath(full);
          if ((isDir || isPhotoName(name)) && !within(realRoot, real)) {
            yield {
              kind: 'problem',
              path: full,
              code: 'LINK_OUTSIDE_ROOT',
              message: `link leads outside the library folder (to ${real}); add that folder to the library instead`,
            };
            continue;
          }
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          if (isPhotoName(name) || e.code === 'ELOOP') {
            yield {
              kind: 'problem',
              path: full,
              code: e.code ?? 'ELINK',
              message: e.code === 'ELOOP' ? 'symbolic link loop, skipped' : `broken symbolic link: ${e.message}`,
            };
          }
          continue;
        }
      }

      if (isDir) {
        if (isSkippedFolder(name)) continue;
        subdirs.push({ dir: full, rel: relPath, link: dirent.isSymbolicLink() });
      } else if (isFile && !dirent.isSymbolicLink() && isSidecarTemporaryName(name)) {
        yield { kind: 'sidecar-temporary', path: full };
      } else if (isFile && !name.startsWith('.') && isPhotoName(name)) {
        try {
          const st = await fs.stat(full);
          yield { kind: 'file', path: full, relPath, size: st.size, mtimeMs: st.mtimeMs };
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          // Deleted between readdir and stat: simply not there any more.
          if (e.code !== 'ENOENT') yield { kind: 'problem', path: full, code: e.code ?? 'ESTAT', message: e.message };
        }
      } else if (isFile && !isPhotoName(name)) {
        const kind = skippedKind(name);
        if (kind !== null) yield { kind: 'skipped', path: full, fileKind: kind };
      }
    }

    // A folder reachable both directly and through a link is claimed by its real path; links are
    // checked last. The stack then gets the accepted folders in reverse, so they pop in name order.
    const accepted: { dir: string; rel: string }[] = [];
    for (const sub of [...subdirs.filter((s) => !s.link), ...subdirs.filter((s) => s.link)]) {
      try {
        const st = await fs.stat(sub.dir);
        const id = `${st.dev}:${st.ino}`;
        if (excluded.has(id)) continue;
        if (visited.has(id)) {
          yield { kind: 'problem', path: sub.dir, code: 'LINK_LOOP', message: 'folder already scanned through another path (symbolic link loop), skipped' };
          continue;
        }
        visited.add(id);
        accepted.push(sub);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        yield { kind: 'problem', path: sub.dir, code: e.code ?? 'ESTAT', message: `cannot open folder: ${e.message}` };
      }
    }
    accepted.sort((a, b) => (a.rel < b.rel ? 1 : a.rel > b.rel ? -1 : 0));
    stack.push(...accepted);
  }
}
