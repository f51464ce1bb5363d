import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ABANDONED_AFTER_MS } from '../xmp/atomic-write.js';

/**
 * Thumbnails and previews are written to a temporary name and renamed into place, so a reader
 * never sees half a file. A process killed mid-write leaves the temporary behind; the next scan
 * sweeps those away. The name is unique per write: two copies of one photo share a fingerprint,
 * and so a cache file, and may be rendered at the same moment.
 */
export function cacheTemporaryName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** `FINGERPRINT.webp|jpg.PID.8HEX.tmp`, exactly what cacheTemporaryName makes of a cache file. */
const CACHE_TEMPORARY = /^[A-Za-z0-9_-]+\.(?:webp|jpg)\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes abandoned temporaries from a cache folder (`DIR/SHARD/NAME`). Recent ones are left alone,
 * since another process may be writing them, and so is every file the pattern does not describe.
 * A missing folder is an empty cache; a file that cannot be removed is skipped. Returns how many
 * were removed.
 */
export async function sweepAbandonedCacheTemporaries(cacheDir: string, now = Date.now()): Promise<number> {
  const shards = await fs.readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const shard of shards) {
    if (!shard.isDirectory()) continue;
    const dir = path.join(cacheDir, shard.name);
    for (const name of await fs.readdir(dir).catch(() => [])) {
      if (!CACHE_TEMPORARY.test(name)) continue;
      const file = path.join(dir, name);
      const st = await fs.lstat(file).catch(() => null);
      if (!st?.isFile() || now - st.mtimeMs < ABANDONED_AFTER_MS) continue;
      // A cache that cannot be tidied (read-only, permissions) must never fail the scan.
      if (await fs.rm(file, { force: true }).then(() => true, () => false)) removed++;
    }
  }
  return removed;
}
