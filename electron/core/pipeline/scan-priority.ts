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
    lower(tid, niceness);
    return os.getPriority(tid);
  } catch {
    return null;
  }
}

/** What libvips names the threads of its pool, which do the scan's decoding. */
const DECODE_THREAD_NAME = 'libvips worker';

/**
 * Lowers every libvips thread of this process to `niceness` (Linux; elsewhere nothing). The scan's
 * decoding, about half its CPU, runs on them rather than on the scan's own thread, and libvips
 * starts them from other threads and adds more on demand, so lowering the scan's thread alone left
 * half the scan level with the host's main thread. They also render the host's previews, which
 * then wait behind the page like the scan does; an unprivileged process cannot raise them back,
 * so they stay lowered after the scan. Returns how many were lowered by this call.
 */
export function lowerDecodeThreads(niceness: number): number {
  if (process.platform !== 'linux') return 0;
  let lowered = 0;
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  for (const tid of tids) {
    try {
      if (fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === DECODE_THREAD_NAME && lower(Number(tid), niceness)) lowered++;
    } catch {
      // The thread ended meanwhile, or the change was refused: it keeps its priority.
    }
  }
  return lowered;
}

/** Sets one thread's niceness to `niceness` if it runs above it; true when it changed. Throws if refused. */
function lower(tid: number, niceness: number): boolean {
  if (os.getPriority(tid) >= niceness) return false;
  os.setPriority(tid, niceness);
  return true;
}
