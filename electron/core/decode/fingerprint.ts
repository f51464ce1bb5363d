import { createHash } from 'node:crypto';

const SAMPLE = 64 * 1024;

/**
 * A content fingerprint that costs the same for a 100 KB and a 100 MB file: SHA-256 over the size
 * and three 64 KiB samples (head, middle, tail). Camera files differ in their first bytes (EXIF
 * time, maker notes) and any edit rewrites the tail, so collisions need a deliberate effort; the
 * fingerprint names thumbnails and ties scores to the content they were computed from.
 */
export function fingerprintBytes(bytes: Uint8Array): string {
  const hash = createHash('sha256');
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(bytes.length));
  hash.update(size);
  if (bytes.length <= 3 * SAMPLE) {
    hash.update(bytes);
  } else {
    const mid = Math.floor(bytes.length / 2 - SAMPLE / 2);
    hash.update(bytes.subarray(0, SAMPLE));
    hash.update(bytes.subarray(mid, mid + SAMPLE));
    hash.update(bytes.subarray(bytes.length - SAMPLE));
  }
  return hash.digest('hex').slice(0, 32);
}
