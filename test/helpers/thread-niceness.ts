import fs from 'node:fs';

/**
 * The niceness of every thread of a process (this one by default), by the kernel's thread id,
 * from /proc (Linux). Threads that end while being read are left out.
 */
export function threadNiceness(pid: number | 'self' = 'self'): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), from field 3 (state): nice is 19.
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/** A thread's name as the kernel has it ('libvips worker'), or null once it has ended. */
export function threadName(tid: number, pid: number | 'self' = 'self'): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}
