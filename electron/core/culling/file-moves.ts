import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { WinnowError } from '../errors.js';
import { processIsRunning, temporarySuffix } from '../temporary-files.js';
import { syncFolder } from '../xmp/atomic-write.js';

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

/** The hidden temporary a copy to `target` is written under: `.NAME.PID.8HEX.tmp` beside it. */
function copyTemporary(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${temporarySuffix()}`);
}

/**
 * Removes the temporaries that killed processes left while copying to `target`: the journal says a
 * copy there was interrupted, and the process id in a temporary's name says whether its writer is
 * still at work (a recovery that was itself killed leaves its own). Returns how many were removed.
 */
export async function removeCopyTemporaries(target: string): Promise<number> {
  const dir = path.dirname(target);
  const escaped = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const temporary = new RegExp(`^\\.${escaped}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  let removed = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const writer = temporary.exec(name)?.[1];
    if (writer === undefined || processIsRunning(Number(writer))) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/**
 * Copies without replacing: the bytes go to a hidden temporary beside the target, are flushed and
 * size-checked, get the original's modification time, and only then take the final name (a hard
 * link, which fails rather than replace a file someone put there meanwhile). A kill at any point
 * leaves at most a temporary, never a partial file under a final name.
 */
export async function copyFileDurably(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  if (await exists(to)) throw new WinnowError('DESTINATION_EXISTS', `${to} already exists; not replacing it`);
  const tmp = copyTemporary(to);
  try {
    await fs.copyFile(from, tmp, constants.COPYFILE_EXCL);
    const source = await fs.stat(from);
    const handle = await fs.open(tmp, 'r+');
    try {
      await handle.utimes(source.atime, source.mtime);
      await handle.sync();
      const copied = await handle.stat();
      if (copied.size !== source.size) throw new WinnowError('COPY_INCOMPLETE', `copy of ${from} is ${copied.size} bytes, expected ${source.size}`);
    } finally {
      await handle.close();
    }
    await publish(tmp, to);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  await syncFolder(path.dirname(to));
}

/** Gives a finished temporary its final name without ever replacing a file. */
async function publish(tmp: string, to: string): Promise<void> {
  try {
    await fs.link(tmp, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new WinnowError('DESTINATION_EXISTS', `${to} already exists; not replacing it`);
    // A file system without hard links (some network and FAT volumes): checked, then renamed.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    if (await exists(to)) throw new WinnowError('DESTINATION_EXISTS', `${to} already exists; not replacing it`);
    await fs.rename(tmp, to);
  }
}

/**
 * Modification times survive a copy only to the target file system's resolution (FAT keeps two
 * seconds, and setting a time rounds below a millisecond), so they are compared within this window.
 */
const MTIME_WINDOW_MS = 2000;

/** Whether `copy` is a whole earlier copy of `original` (same size and modification time, as copyFileDurably leaves it). */
export async function isSameCopy(original: string, copy: string): Promise<boolean> {
  const [a, b] = await Promise.all([fs.stat(original).catch(() => null), fs.lstat(copy).catch(() => null)]);
  return !!a && !!b && b.isFile() && a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < MTIME_WINDOW_MS;
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
