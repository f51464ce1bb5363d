import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { WinnowError } from '../errors.js';

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Moves one file without ever replacing another: a rename on the same disk, else (another disk)
 * an exclusive copy that is flushed and size-checked before the original is removed, so an
 * interruption leaves at worst two copies, never none.
 */
export async function moveFile(from: string, to: string): Promise<void> {
  if (await exists(to)) throw new WinnowError('DESTINATION_EXISTS', `${to} already exists; not replacing it`);
  await fs.mkdir(path.dirname(to), { recursive: true });
  try {
    await fs.rename(from, to);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
  }
  await copyFileDurably(from, to);
  await fs.unlink(from);
}

/** Copies without replacing, then flushes and compares sizes before reporting success. */
export async function copyFileDurably(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.copyFile(from, to, constants.COPYFILE_EXCL);
  const handle = await fs.open(to, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  const [a, b] = await Promise.all([fs.stat(from), fs.stat(to)]);
  if (a.size !== b.size) {
    await fs.rm(to, { force: true });
    throw new WinnowError('COPY_INCOMPLETE', `copy of ${from} is ${b.size} bytes, expected ${a.size}`);
  }
}

/** "name.jpg" -> "name (2).jpg" ... until the name is neither on disk nor already planned. */
export async function freeDestination(wanted: string, planned: Set<string>): Promise<string> {
  const ext = path.extname(wanted);
  const stem = wanted.slice(0, wanted.length - ext.length);
  let candidate = wanted;
  for (let n = 2; planned.has(candidate) || (await exists(candidate)) || (await exists(`${candidate}.xmp`)); n++) candidate = `${stem} (${n})${ext}`;
  planned.add(candidate);
  return candidate;
}

/**
 * Where a sidecar goes when its photo moves: it keeps its naming form, so "IMG_1.JPG.xmp" follows
 * "IMG_1.JPG" and Lightroom's "IMG_1.xmp" follows the new stem.
 */
export function sidecarDestination(sidecar: string, photoFrom: string, photoTo: string): string {
  const name = path.basename(sidecar);
  const fromBase = path.basename(photoFrom);
  const toBase = path.basename(photoTo);
  const dir = path.dirname(photoTo);
  if (name.toLowerCase().startsWith(fromBase.toLowerCase())) return path.join(dir, toBase + name.slice(fromBase.length));
  const fromStem = fromBase.slice(0, fromBase.length - path.extname(fromBase).length);
  const toStem = toBase.slice(0, toBase.length - path.extname(toBase).length);
  return path.join(dir, toStem + name.slice(fromStem.length));
}
