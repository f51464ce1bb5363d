import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The niceness a scan's thread runs at: below the host's main thread (the desktop app's main
 * process or the browser host), which answers the page, so a busy machine serves the page first
 * and the scan with what is left.
 */
export const SCAN_NICENESS = 10;

/**
 * Lowers the calling thread's scheduling priority to `niceness`. Linux keeps a priority per
 * thread, and threads started from this one later (onnxruntime's) inherit it; elsewhere
 * os.setPriority would reach the whole process (or another one), so nothing changes there. Lowering
 * needs no privilege; a refusal leaves the thread as it was. Returns the thread's niceness after
 * the call, or null where this cannot be done.
 */
export function lowerThreadPriority(niceness: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    // "<pid>/task/<tid>": the kernel's id of the calling thread.
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (os.getPriority(tid) < niceness) os.setPriority(tid, niceness);
    return os.getPriority(tid);
  } catch {
    return null;
  }
}
