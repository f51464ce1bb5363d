import { callApi, CallRefusal } from '../core/api-dispatch.js';
import { WINNOW_METHODS, type WinnowApi, type WinnowMethod } from '../shared/api-contract.js';
import { ipcArgumentProblem } from './ipc-arguments.js';
import { isTrustedSender, type SenderFrame } from './sender-policy.js';

export type IpcCall = (frame: SenderFrame | null, args: readonly unknown[]) => Promise<unknown>;

/**
 * One handler per method of the contract, built from WINNOW_METHODS so a method added to the
 * contract (and implemented by the service) is served without touching main. Each call checks
 * the sending frame, then the arguments, then calls the implementation through the dispatch the
 * browser host shares (core/api-dispatch.ts); main answers with its replyTo.
 */
export function createIpcCalls(api: WinnowApi): ReadonlyMap<WinnowMethod, IpcCall> {
  const calls = new Map<WinnowMethod, IpcCall>();
  for (const method of WINNOW_METHODS) {
    if (typeof api[method] !== 'function') throw new Error(`the API implementation lacks ${method}`);
    calls.set(method, async (frame, args) => {
      if (!isTrustedSender(frame)) throw new CallRefusal(`untrusted sender for ${method}: ${frame?.url ?? 'no frame'}`);
      const problem = ipcArgumentProblem(args);
      if (problem) throw new CallRefusal(`bad arguments for ${method}: ${problem}`);
      return callApi(api, method, args);
    });
  }
  return calls;
}
