import { constants } from 'node:fs';
import fs from 'node:fs/promises';

/** The errors a caller throws, in its own words, when a file is refused before a byte is read. */
export interface ReadRefusals {
  /** The name leads to a pipe, socket, device or folder. */
  notAFile(): Error;
  /** The file holds `size` bytes, more than the limit. */
  tooLarge(size: number): Error;
}

/**
 * Reads a file whole, refusing anything that is not a regular file at the moment it is opened (a
 * FIFO or device put behind the name would block the read or never end) and any file larger than
 * `maxBytes`: the open does not block (O_NONBLOCK), and what was opened is checked before a byte is
 * read. Errors of the file system itself (ENOENT, EACCES...) are thrown as they come.
 */
export async function readBoundedFile(file: string, maxBytes: number, refuse: ReadRefusals): Promise<Buffer> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw refuse.notAFile();
    if (st.size > maxBytes) throw refuse.tooLarge(st.size);
    const bytes = Buffer.allocUnsafe(st.size);
    let filled = 0;
    // Read no more than fstat promised: a file that grows meanwhile cannot push memory past it.
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // A file that shrank meanwhile: only what was read (the rest of the buffer was never written).
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
