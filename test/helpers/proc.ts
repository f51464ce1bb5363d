import fs from 'node:fs';

// What the tests read of running processes and threads, from /proc (Linux; elsewhere nothing).

/** Fields of /proc/<pid>/stat after the command name, which may hold spaces and parentheses. */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

export interface ProcessFacts {
  readonly pid: number;
  readonly ppid: number;
  /** Process group. */
  readonly pgrp: number;
  /** Session: Linux's scheduler shares the CPU between sessions before threads (autogroups). */
  readonly session: number;
  /** Command line, arguments joined by spaces. */
  readonly cmdline: string;
}

/** Every process now running (none where there is no /proc); those that end meanwhile are left out. */
export function processes(): ProcessFacts[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  const found: ProcessFacts[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // From field 3: state, ppid, pgrp, session.
      const [, ppid, pgrp, session] = statFields(fs.readFileSync(`/proc/${entry}/stat`, 'utf8'));
      found.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // The process ended while it was being looked at.
    }
  }
  return found;
}

/** Every process below `root`, by its parent links. */
export function descendants(root: number): number[] {
  const all = processes();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const p of all) {
      if (p.ppid === pid) {
        found.push(p.pid);
        queue.push(p.pid);
      }
    }
  }
  return found;
}

/** How the kernel schedules a thread: its niceness and its policy (0 normal, 3 batch, 5 idle). */
export interface ThreadScheduling {
  readonly nice: number;
  readonly policy: number;
}

/** Linux's SCHED_IDLE: the thread runs only when nothing else wants the core. */
export const SCHED_IDLE = 5;

/**
 * How every thread of a process (this one by default) is scheduled, by the kernel's thread id,
 * from /proc (Linux). Threads that end while being read are left out.
 */
export function threadScheduling(pid: number | 'self' = 'self'): Map<number, ThreadScheduling> {
  const out = new Map<number, ThreadScheduling>();
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      // From field 3 (state): nice is field 19, policy field 41.
      const fields = statFields(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      out.set(Number(tid), { nice: Number(fields[16]), policy: Number(fields[38]) });
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/** The niceness of every thread of a process (this one by default), by thread id. */
export function threadNiceness(pid: number | 'self' = 'self'): Map<number, number> {
  return new Map([...threadScheduling(pid)].map(([tid, s]) => [tid, s.nice]));
}
