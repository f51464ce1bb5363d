import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { startBrowserHost, type BrowserHostOptions } from '../../electron/host/browser-host.js';
import type { HostRequest, HostReply, LoopFigures } from './host-messages.js';

/**
 * A browser host in a process of its own, as `winnow serve` runs, for the UI bench to watch: its
 * event loop then carries only the host's work, not the bench's (Playwright's client, which
 * drives Chromium from the bench process, handles an event per request the page makes).
 * Started by host-process.ts with the host's options as its one argument; told over IPC when to
 * start and stop watching its event loop.
 */
const options = JSON.parse(process.argv[2]!) as BrowserHostOptions;
const send = (m: HostReply) => process.send!(m);

const host = await startBrowserHost(options);
let watch: { delay: IntervalHistogram; stop: () => Promise<WatchExtras> } | null = null;

process.on('message', (m: HostRequest) => {
  void (async () => {
    if (m.type === 'watch') {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      const extras = await startExtras(m.profileDir);
      delay.enable();
      watch = { delay, stop: extras };
      send({ type: 'watching' });
    } else if (m.type === 'unwatch' && watch) {
      watch.delay.disable();
      const { longestStall, busiestStall } = await watch.stop();
      const figures: LoopFigures = {
        maxMs: Math.round(watch.delay.max / 1e5) / 10,
        p99Ms: Math.round(watch.delay.percentile(99) / 1e5) / 10,
        ...(longestStall ? { longestStall } : {}),
        ...(busiestStall ? { busiestStall } : {}),
      };
      watch = null;
      send({ type: 'figures', figures });
    } else if (m.type === 'close') {
      await host.close();
      // Out once the parent has the reply, whatever handle might still hold the loop open.
      process.send!({ type: 'closed' } satisfies HostReply, () => process.exit(0));
    }
  })();
});

send({ type: 'ready', url: host.url, token: host.token });

interface WatchExtras {
  readonly longestStall?: LoopFigures['longestStall'];
  readonly busiestStall?: LoopFigures['busiestStall'];
}

/**
 * Where Linux tells it, what the longest stall was made of: the thread working (onCpuMs) or
 * waiting for a core (queuedMs), from the scheduler's per-thread figures. With a profile folder,
 * the main thread's CPU profile and every stall over 30 ms are written there as well.
 */
async function startExtras(profileDir: string | undefined): Promise<() => Promise<WatchExtras>> {
  const sched = (): [number, number] | null => {
    try {
      const [onCpu, queued] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
      return [onCpu! / 1e6, queued! / 1e6];
    } catch {
      return null;
    }
  };
  const session = profileDir ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
  }
  const stalls: { endedAt: number; ms: number; onCpuMs: number; queuedMs: number }[] = [];
  let last = performance.now();
  let lastSched = sched();
  const ticker = setInterval(() => {
    const now = performance.now();
    const nowSched = sched();
    if (now - last > 30 && nowSched && lastSched) {
      stalls.push({ endedAt: Date.now(), ms: Math.round(now - last), onCpuMs: Math.round(nowSched[0] - lastSched[0]), queuedMs: Math.round(nowSched[1] - lastSched[1]) });
    }
    last = now;
    lastSched = nowSched;
  }, 5);
  const startedAt = Date.now();
  return async () => {
    clearInterval(ticker);
    if (session && profileDir) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      fs.mkdirSync(profileDir, { recursive: true });
      fs.writeFileSync(path.join(profileDir, `stall-${startedAt}.cpuprofile`), JSON.stringify(profile));
      fs.writeFileSync(path.join(profileDir, `stall-${startedAt}.json`), JSON.stringify({ startedAt, endedAt: Date.now(), stalls }));
    }
    const most = (key: 'ms' | 'onCpuMs') => stalls.reduce<(typeof stalls)[number] | null>((a, b) => (a && a[key] >= b[key] ? a : b), null);
    const split = (s: (typeof stalls)[number]) => ({ ms: s.ms, onCpuMs: s.onCpuMs, queuedMs: s.queuedMs });
    const longest = most('ms');
    const busiest = most('onCpuMs');
    return { ...(longest ? { longestStall: split(longest) } : {}), ...(busiest ? { busiestStall: split(busiest) } : {}) };
  };
}
