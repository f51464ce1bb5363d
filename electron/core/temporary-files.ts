import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

/**
 * Winnow writes files whole through a temporary name and a rename (sidecars, thumbnails,
 * previews). This module owns what those temporaries have in common: how they are named and when
 * one counts as abandoned.
 */

/** Unique per process and per write, so two writers of one target never share a temporary. */
export function temporarySuffix(): string {
  return `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** temporarySuffix as a regular-expression source, for recognising its temporaries later. */
export const TEMPORARY_SUFFIX_PATTERN = String.raw`\.\d+\.[0-9a-f]{8}\.tmp`;

/** A write takes milliseconds; a temporary this old was left by a writer that was killed. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Deletes a temporary file if it is abandoned. Recent ones are left alone, since another process may
 * be writing them, and so is anything that is not a plain file. One that cannot be removed (read-only
 * folder, permissions) is left too: tidying up must never fail the work around it. Returns whether
 * it was removed. The caller decides, by name, that the file is one of Winnow's temporaries.
 */
export async function removeIfAbandoned(file: string, now = Date.now()): Promise<boolean> {
  const st = await fs.lstat(file).catch(() => null);
  if (!st?.isFile() || now - st.mtimeMs < ABANDONED_AFTER_MS) return false;
  return fs.rm(file, { force: true }).then(
    () => true,
    () => false,
  );
}

/**
 * Whether the process a temporary's (or a journal entry's) id names is still at work. This process
 * counts as not running: whatever it finds at start was left by an earlier one that had its id.
 */
export function processIsRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
