import { WinnowError } from '../core/errors.js';
import { WINNOW_METHODS, type WinnowApi, type WinnowMethod } from '../shared/api-contract.js';
import { ipcArgumentProblem } from './ipc-arguments.js';
import { isTrustedSender, type SenderFrame } from './sender-policy.js';

/** Refusals carry no detail the page could use to probe; main logs the reason. */
export class IpcRefusal extends Error {
  constructor(readonly reason: string) {
    super('refused');
    this.name = 'IpcRefusal';
  }
}

export type IpcCall = (frame: SenderFrame | null, args: readonly unknown[]) => Promise<unknown>;

/**
 * One handler per method of the contract, built from WINNOW_METHODS so a method added to the
 * contract (and implemented by the service) is served without touching main. Each call checks
 * the sending frame, then the arguments, then calls the implementation.
 */
export function createIpcCalls(api: WinnowApi): ReadonlyMap<WinnowMethod, IpcCall> {
  const calls = new Map<WinnowMethod, IpcCall>();
  for (const method of WINNOW_METHODS) {
    const fn = api[method] as unknown;
    if (typeof fn !== 'function') throw new Error(`the API implementation lacks ${method}`);
    calls.set(method, async (frame, args) => {
      if (!isTrustedSender(frame)) throw new IpcRefusal(`untrusted sender for ${method}: ${frame?.url ?? 'no frame'}`);
      const problem = ipcArgumentProblem(args);
      if (problem) throw new IpcRefusal(`bad arguments for ${method}: ${problem}`);
      return (fn as (...a: unknown[]) => unknown).apply(api, [...args]);
    });
  }
  return calls;
}

/**
 * What crosses back to the page. Electron would pass a thrown error's message only, prefixed with
 * its own text, so replies carry the outcome as data instead: a WinnowError keeps its code and
 * message (written for people), and anything else is logged in main and reported as "internal
 * error", so no stack or path leaks to the page. The HTTP transport answers the same way.
 */
export type IpcReply = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export async function replyTo(run: () => Promise<unknown>, log: (line: string) => void): Promise<IpcReply> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    if (err instanceof IpcRefusal) {
      log(`IPC refused: ${err.reason}`);
      return { ok: false, error: { code: 'REFUSED', message: 'refused' } };
    }
    if (err instanceof WinnowError) return { ok: false, error: { code: err.code, message: err.message } };
    log(`IPC call failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
  }
}
