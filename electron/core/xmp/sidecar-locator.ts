import fs from 'node:fs/promises';
import path from 'node:path';
import { isPhotoName } from '../scan/photo-formats.js';
import { isRawName } from '../scan/raw-formats.js';
import { rawPartnerOf } from '../scan/raw-pairs.js';

/**
 * Where a photo's XMP sidecar lives. Two conventions exist:
 * - full name, "IMG_1.JPG.xmp": darktable, digiKam, RawTherapee. Unambiguous when a folder holds
 *   IMG_1.CR2 and IMG_1.JPG side by side.
 * - short name, "IMG_1.xmp": Lightroom and Capture One (for raw files).
 *
 * Rules, per photo:
 * 1. Every sidecar that already exists for the photo (in either form, any letter case of ".xmp") is
 *    read and written, so all the tools that made them stay in step.
 * 2. A short-name sidecar counts only when no other photo in the folder shares the stem, with one
 *    exception: IMG_1.CR2 and IMG_1.JPG side by side are one photo (a RAW+JPEG pair), whose
 *    decision goes to the JPEG's full-name sidecar and to "IMG_1.xmp", the RAW's as Lightroom
 *    names it.
 * 3. With no sidecar yet, the folder decides: if its existing sidecars are mostly short-name, the
 *    new one is short-name too (a Lightroom folder); otherwise, and in a folder with none, the full
 *    name is used, because it never collides and darktable/digiKam read it.
 * Folder listings are cached for the life of the locator, so use one locator per batch of work.
 */
export class SidecarLocator {
  private readonly listings = new Map<string, Promise<FolderIndex>>();

  /** Keeps a cached listing true after Winnow itself creates a sidecar. */
  async noteCreated(sidecarPath: string): Promise<void> {
    const index = this.listings.get(path.resolve(path.dirname(sidecarPath)));
    if (!index) return;
    const name = path.basename(sidecarPath);
    const same = (await index).sidecars.get(name.toLowerCase()) ?? [];
    if (!same.includes(name)) (await index).sidecars.set(name.toLowerCase(), [...same, name]);
  }

  private index(folder: string): Promise<FolderIndex> {
    const key = path.resolve(folder);
    let index = this.listings.get(key);
    if (!index) {
      index = fs.readdir(key).then(indexFolder, () => indexFolder([]));
      this.listings.set(key, index);
    }
    return index;
  }

  /** Sidecar files that exist for the photo, full-name form first. */
  async existing(photoPath: string): Promise<string[]> {
    const folder = path.dirname(photoPath);
    const index = await this.index(folder);
    const base = path.basename(photoPath);
    const full = index.sidecars.get(`${base.toLowerCase()}.xmp`) ?? [];
    const short = index.uniqueStem(base) ? (index.sidecars.get(`${stemOf(base).toLowerCase()}.xmp`) ?? []) : [];
    return [...full, ...short].map((n) => path.join(folder, n));
  }

  /**
   * The RAW that forms one photo with this JPEG (same stem, same folder), as its file name in the
   * folder, or null. Shared by writing, reading, moves, exports and trash.
   */
  async companionRaw(photoPath: string): Promise<string | null> {
    const folder = path.dirname(photoPath);
    const raw = rawPartnerOf(path.basename(photoPath), (await this.index(folder)).names);
    return raw === null ? null : path.join(folder, raw);
  }

  /** The RAW's sidecars: any it has, and Lightroom's "IMG_1.xmp" (the pair's stem), existing or to be made. */
  private async rawSidecars(raw: string, includeMissingShort: boolean): Promise<string[]> {
    const folder = path.dirname(raw);
    const index = await this.index(folder);
    const full = index.sidecars.get(`${path.basename(raw).toLowerCase()}.xmp`) ?? [];
    const shortName = `${stemOf(path.basename(raw))}.xmp`;
    const short = index.sidecars.get(shortName.toLowerCase()) ?? (includeMissingShort ? [shortName] : []);
    return [...full, ...short].map((n) => path.join(folder, n));
  }

  /**
   * Every file that travels with the photo when it is moved, exported or trashed: its sidecars,
   * and for a RAW+JPEG pair the RAW with the RAW's sidecars.
   */
  async companions(photoPath: string): Promise<string[]> {
    const own = await this.existing(photoPath);
    const raw = await this.companionRaw(photoPath);
    if (!raw) return own;
    return [...new Set([...own, raw, ...(await this.rawSidecars(raw, false))])];
  }

  /** Where to write: the existing sidecars, else one new file named by the folder's convention. */
  async forWriting(photoPath: string): Promise<string[]> {
    const own = await this.ownForWriting(photoPath);
    // A pair's decision also goes to the RAW's sidecar, named as Lightroom and Capture One read it.
    const raw = await this.companionRaw(photoPath);
    return raw ? [...new Set([...own, ...(await this.rawSidecars(raw, true))])] : own;
  }

  private async ownForWriting(photoPath: string): Promise<string[]> {
    const found = await this.existing(photoPath);
    if (found.length > 0) return found;
    const folder = path.dirname(photoPath);
    const base = path.basename(photoPath);
    const index = await this.index(folder);
    const useShort = index.prefersShort && index.uniqueStem(base);
    return [path.join(folder, useShort ? `${stemOf(base)}.xmp` : `${base}.xmp`)];
  }

  /** Which sidecar to believe when reading: the most recently changed one, since it holds the latest decision. */
  async forReading(photoPath: string): Promise<string | null> {
    const raw = await this.companionRaw(photoPath);
    const found = [...(await this.existing(photoPath)), ...(raw ? await this.rawSidecars(raw, false) : [])];
    if (found.length <= 1) return found[0] ?? null;
    const stamped = await Promise.all(found.map(async (f) => ({ f, mtime: (await fs.stat(f).catch(() => null))?.mtimeMs ?? -1 })));
    stamped.sort((a, b) => b.mtime - a.mtime);
    return stamped[0]!.f;
  }
}

interface FolderIndex {
  readonly names: readonly string[];
  /** Sidecar names by lower-cased name (a case-sensitive disk may hold "a.xmp" and "a.XMP"). */
  readonly sidecars: Map<string, string[]>;
  readonly prefersShort: boolean;
  uniqueStem(photoName: string): boolean;
}

function isPhotoLike(name: string): boolean {
  return isPhotoName(name) || isRawName(name);
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function indexFolder(names: readonly string[]): FolderIndex {
  const stemCounts = new Map<string, number>();
  for (const n of names) {
    if (!isPhotoLike(n)) continue;
    const stem = stemOf(n).toLowerCase();
    stemCounts.set(stem, (stemCounts.get(stem) ?? 0) + 1);
  }
  const sidecars = new Map<string, string[]>();
  let full = 0;
  let short = 0;
  for (const n of names) {
    const lower = n.toLowerCase();
    if (!lower.endsWith('.xmp')) continue;
    sidecars.set(lower, [...(sidecars.get(lower) ?? []), n]);
    const stem = lower.slice(0, -4);
    if (isPhotoLike(stem)) full++;
    else if (stemCounts.has(stem)) short++;
  }
  return {
    names,
    sidecars,
    prefersShort: short > full,
    uniqueStem: (photoName) => (stemCounts.get(stemOf(photoName).toLowerCase()) ?? 0) <= 1,
  };
}
