import fs from 'node:fs/promises';
import path from 'node:path';
import { removeIfAbandoned, temporarySuffix, TEMPORARY_SUFFIX_PATTERN } from '../temporary-files.js';

/**
 * Thumbnails and previews are written to a temporary name and renamed into place, so a reader
 * never sees half a file. A process killed mid-write leaves the temporary behind; the next scan
 * sweeps those away. The name is unique per write: two copies of one photo share a fingerprint,
 * and so a cache file, and may be rendered at the same moment.
 */
export function cacheTemporaryName(file: string): string {
  return `${file}${temporarySuffix()}`;
}

/** `FINGERPRINT.webp|jpg.PID.8HEX.tmp`, exactly what cacheTemporaryName makes of a cache file. */
const CACHE_TEMPORARY = new RegExp(String.raw`^[A-Za-z0-9_-]+\.(?:webp|jpg)` + TEMPORARY_SUFFIX_PATTERN + '$');

/**
 * Removes abandoned temporaries from a cache folder (`DIR/SHARD/NAME`); see removeIfAbandoned for
 * which are kept. Files the pattern does not describe are never touched, and a missing folder is an
 * empty cache. Returns how many were removed.
 */
export async function sweepAbandonedCacheTemporaries(cacheDir: string, now = Date.now()): Promise<number> {
  const shards = await fs.readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const shard of shards) {
    if (!shard.isDirectory()) continue;
    const dir = path.join(cacheDir, shard.name);
    for (const name of await fs.readdir(dir).catch(() => [])) {
      if (CACHE_TEMPORARY.test(name) && (await removeIfAbandoned(path.join(dir, name), now))) removed++;
    }
  }
  return removed;
}
