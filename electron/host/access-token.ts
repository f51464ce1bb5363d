import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret per run: 192 bits, URL-safe, printed once in the URL the user opens. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so that the comparison takes the same time
 * whatever the length of the guess (timingSafeEqual itself requires equal lengths).
 */
export function tokensMatch(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
