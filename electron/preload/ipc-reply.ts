import type { ApiReply } from '../shared/api-contract.js';

/**
 * Turns main's reply back into a result or a thrown Error. Only the message survives the context
 * bridge (it copies errors without custom properties), so the message is the one written for
 * people, never Electron's "Error invoking remote method" wrapper.
 */
export function unwrapReply(reply: unknown): unknown {
  const r = reply as ApiReply | null;
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') throw new Error('malformed reply from the main process');
  if (r.ok) return r.result;
  const error = new Error(typeof r.error?.message === 'string' ? r.error.message : 'request failed');
  error.name = typeof r.error?.code === 'string' ? r.error.code : 'Error';
  throw error;
}
