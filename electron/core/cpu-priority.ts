import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/**
 * The CPU priority that keeps a UI host answering while a scan runs: the scan takes only what the
 * host, its read worker and every other program leave.
 *
 * Measured on two cores with the page in Chromium (bench/ui, `--only stall`, traced with the
 * kernel's sched_switch events): with the scan in the host's process, its threads, libuv's pool
 * threads running its decodes and libvips' threads all competed with the host's main thread, and
 * per-thread niceness could not reach the pool threads, which the host shares. In a process of its
 * own, every thread of the scan can be put below everything else at once. (The read worker stays
 * at normal priority: its queries are the page's, and lowering it, which shortened the host's
 * stalls a little, starved them behind other programs on a busy machine.)
 */

/** What a scan process was lowered to, for tests and diagnostics. */
export type BackgroundPriority = 'idle' | 'lowest' | 'unchanged';

/**
 * Puts this whole process (a scan's) at background priority: it runs when nothing else wants the
 * CPU. On Linux that is the SCHED_IDLE policy, set for every thread with util-linux's chrt (Node
 * has no call for scheduling policies); a waking thread of any other process then preempts the
 * scan at once, and a core running only the scan counts as idle when the kernel places a waking
 * thread. Niceness 19 alone left the host's main thread queued for tens of ms behind it. Threads
 * started later inherit the policy. Without chrt, every thread gets niceness 19; macOS and Windows
 * keep one priority per process, which os.setPriority lowers to its lowest.
 */
export function enterBackgroundPriority(): BackgroundPriority {
  if (process.platform !== 'linux') {
    try {
      os.setPriority(os.constants.priority.PRIORITY_LOW);
      return 'lowest';
    } catch {
      return 'unchanged';
    }
  }
  const chrt = spawnSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], { stdio: 'ignore', timeout: 5000 });
  if (chrt.status === 0) return 'idle';
  let lowered = false;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      os.setPriority(Number(tid), os.constants.priority.PRIORITY_LOW);
      lowered = true;
    } catch {
      // The thread ended meanwhile, or the change was refused: it keeps its priority.
    }
  }
  return lowered ? 'lowest' : 'unchanged';
}
