import fs from 'node:fs/promises';
import { WinnowError, errorMessage } from '../errors.js';
import type { DecisionChange } from '../../shared/decisions.js';
import { readDecision } from './xmp-decision.js';
import { XmpDocument } from './xmp-document.js';

/**
 * Decisions stored inside a photo's own XMP packet: phones, Lightroom's "save metadata to file",
 * Windows and ACDSee write ratings and labels there. Read by packet scanning (the XMP
 * specification's format-independent way): the packet is plain text between `<x:xmpmeta` and its
 * end tag. Only the head of the file is read: a JPEG's packet follows its EXIF block, within the
 * first 64 KB or so, and TIFF-based RAWs and HEICs usually keep theirs before the image data.
 */
export const EMBEDDED_SCAN_BYTES = 512 * 1024;

const START = Buffer.from('<x:xmpmeta');
const END = Buffer.from('</x:xmpmeta>');

export type EmbeddedReading = { readonly kind: 'none' } | { readonly kind: 'read'; readonly change: DecisionChange } | { readonly kind: 'problem'; readonly code: string; readonly message: string };

/** The packet's text, or null when the head of the file holds none (or only its beginning). */
export function findXmpPacket(head: Buffer): string | null {
  const start = head.indexOf(START);
  if (start < 0) return null;
  const end = head.indexOf(END, start);
  if (end < 0) return null;
  return head.toString('utf8', start, end + END.length);
}

/** What the photo's embedded packet says about the decision. Never throws. */
export async function readEmbeddedDecision(photoPath: string, maxBytes = EMBEDDED_SCAN_BYTES): Promise<EmbeddedReading> {
  let head: Buffer;
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(photoPath, 'r');
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buf, 0, maxBytes, 0);
    head = buf.subarray(0, bytesRead);
  } catch {
    // The scan reports unreadable photos itself, when it analyses them.
    return { kind: 'none' };
  } finally {
    await handle?.close();
  }
  const packet = findXmpPacket(head);
  if (packet === null) return { kind: 'none' };
  try {
    const change = readDecision(XmpDocument.parse(packet));
    return Object.keys(change).length > 0 ? { kind: 'read', change } : { kind: 'none' };
  } catch (err) {
    const code = err instanceof WinnowError ? err.code : 'EMBEDDED_XMP_MALFORMED';
    return { kind: 'problem', code, message: `the XMP packet inside the photo cannot be read, its rating and labels were ignored: ${errorMessage(err)}` };
  }
}
