import { isWinnowMethod, type ApiReply, type WinnowApi } from '../shared/api-contract.js';
import { WinnowError } from './errors.js';
import { databaseError } from './store/open-database.js';

/**
 * The one way a transport (Electron IPC, the browser host's HTTP) calls the API and answers: the
 * method is looked up in the contract, called with the arguments the transport has checked, and
 * its outcome mapped to a reply the same way for both.
 */

/** A call turned away before it reached the API (untrusted sender, malformed arguments). */
export class CallRefusal extends Error {
  constructor(readonly reason: string) {
    super('refused');
    this.name = 'CallRefusal';
  }
}

/** Calls one method of the contract on an implementation; an unknown name is NOT_FOUND. */
export async function callApi(api: WinnowApi, method: unknown, args: readonly unknown[]): Promise<unknown> {
  if (!isWinnowMethod(method)) throw new WinnowError('NOT_FOUND', 'no such method');
  const fn = api[method] as unknown;
  if (typeof fn !== 'function') throw new Error(`the API implementation lacks ${method}`);
  return (fn as (...a: unknown[]) => unknown).apply(api, [...args]);
}

/**
 * Runs a call and says what crosses back. A WinnowError keeps its code and message (written for
 * people); a refusal says only "refused" and the reason is logged; anything else is logged and
 * reported as "internal error", so no stack or path leaks to the page.
 */
export async function replyTo(run: () => Promise<unknown>, log: (line: string) => void): Promise<ApiReply> {
  try {
    return { ok: true, result: (await run()) ?? null };
  } catch (thrown) {
    // The database's own failures (read-only medium, full disk, damage) say so, without a path.
    const err = databaseError(thrown);
    if (err instanceof CallRefusal) {
      log(`call refused: ${err.reason}`);
      return { ok: false, error: { code: 'REFUSED', message: 'refused' } };
    }
    if (err instanceof WinnowError) return { ok: false, error: { code: err.code, message: err.message } };
    log(`call failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
  }
}
