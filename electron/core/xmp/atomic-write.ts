import fs from 'node:fs/promises';
import path from 'node:path';
import { WinnowError } from '../errors.js';
import { removeIfAbandoned, temporarySuffix, TEMPORARY_SUFFIX_PATTERN } from '../temporary-files.js';

/** Hidden, unique per writer and per write: `.NAME.PID.8HEX.tmp`. */
function temporaryName(base: string): string {
  return `.${base}${temporarySuffix()}`;
}

const TEMPORARY = new RegExp(String.raw`^\..+\.xmp` + TEMPORARY_SUFFIX_PATTERN + '$', 'i');

/** Whether a file name is one of this writer's sidecar temporaries (and nothing a user made). */
export function isSidecarTemporaryName(name: string): boolean {
  return TEMPORARY.test(name);
}

/**
 * Deletes a sidecar temporary left behind by a killed writer (it never replaced the sidecar, so
 * it holds nothing the sidecar lacks); see removeIfAbandoned for which are kept.
 * Returns whether it was removed.
 */
export async function removeAbandonedTemporary(file: string, now = Date.now()): Promise<boolean> {
  return isSidecarTemporaryName(path.basename(file)) && removeIfAbandoned(file, now);
}

/**
 * Replaces a file so that a reader (or a crash) sees either the old content or the new, never a
 * mix: the text goes to a temporary file in the same folder (same file system, so rename is
 * atomic), is flushed to disk, then renamed over the target. The folder is synced afterwards so the
 * rename itself survives a power cut. An existing file's permissions are kept.
 */
export async function writeFileAtomic(target: string, text: string, options: { deferFolderSync?: Set<string> } = {}): Promise<void> {
  // Through a symbolic link, replace the file it points to and keep the link.
  const file = await fs.realpath(target).catch(() => target);
  const dir = path.dirname(file);
  const tmp = path.join(dir, temporaryName(path.basename(file)));
  const existing = await fs.stat(file).catch(() => null);
  // Rename would replace a read-only file without complaint (and root ignores permissions), so
  // honour the mark itself: a file nobody may write is one the user wants left alone.
  if (existing && (existing.mode & 0o222) === 0) throw new WinnowError('SIDECAR_READ_ONLY', `${file} is marked read-only; not changing it`);
  const mode = existing ? existing.mode & 0o7777 : 0o644;
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  // In a batch, the caller syncs each folder once at the end instead of once per file.
  if (options.deferFolderSync) options.deferFolderSync.add(dir);
  else await syncFolder(dir);
}

/** Best effort: Windows cannot open a folder for syncing, and there rename is durable enough. */
export async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported on this platform
  } finally {
    await handle?.close();
  }
}
