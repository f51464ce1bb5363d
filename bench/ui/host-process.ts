import { fork, type ChildProcess } from 'node:child_process';
import type { BrowserHostOptions } from '../../electron/host/browser-host.js';
import type { ApiReply, WinnowApi } from '../../electron/shared/api-contract.js';
import type { HostReply, HostRequest, LoopFigures } from './host-messages.js';

/** A browser host running in a child process (host-child.ts), driven over its HTTP API. */
export interface HostProcess {
  readonly url: string;
  readonly token: string;
  /** Calls the host's API as the page does (POST /api/<method>), returning the result. */
  call<M extends keyof WinnowApi>(method: M, ...args: Parameters<WinnowApi[M]>): Promise<Awaited<ReturnType<WinnowApi[M]>>>;
  /** Starts watching the host's event loop; stop() returns what it saw. */
  watch(profileDir?: string): Promise<{ stop(): Promise<LoopFigures> }>;
  close(): Promise<void>;
}

export async function startHostProcess(options: BrowserHostOptions): Promise<HostProcess> {
  const child = fork(new URL('./host-child.ts', import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: HostReply[] = [];
  const waiters: (() => void)[] = [];
  let exited: string | null = null;
  child.on('message', (m: HostReply) => {
    replies.push(m);
    for (const w of waiters.splice(0)) w();
  });
  child.on('exit', (code, signal) => {
    exited = `the host process exited (${signal ?? code})`;
    for (const w of waiters.splice(0)) w();
  });
  const next = async <T extends HostReply['type']>(type: T): Promise<Extract<HostReply, { type: T }>> => {
    for (;;) {
      const i = replies.findIndex((r) => r.type === type);
      if (i >= 0) return replies.splice(i, 1)[0] as Extract<HostReply, { type: T }>;
      if (exited) throw new Error(exited);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const tell = (m: HostRequest) => child.send(m);
  const ready = await next('ready');
  const origin = new URL(ready.url).origin;
  return {
    url: ready.url,
    token: ready.token,
    async call(method, ...args) {
      const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Winnow-Token': ready.token }, body: JSON.stringify({ args }) });
      const reply = (await res.json()) as ApiReply;
      if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
      return reply.result as never;
    },
    async watch(profileDir) {
      tell({ type: 'watch', ...(profileDir ? { profileDir } : {}) });
      await next('watching');
      return {
        async stop() {
          tell({ type: 'unwatch' });
          return (await next('figures')).figures;
        },
      };
    },
    async close() {
      if (!exited) {
        tell({ type: 'close' });
        await next('closed').catch(() => {});
      }
      // A host that does not stop within a minute (a scan that will not end) is killed.
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exitOf(child);
      clearTimeout(timer);
    },
  };
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
