import type { ScanStatus } from '../../../electron/shared/api-contract';
import { Latest } from '../lib/latest';

export const IDLE: ScanStatus = { state: 'idle', active: null, queued: [], progress: null, lastError: null, execution: null, providerNotes: [] };

/**
 * The scan as the app last heard of it. Answers to requests (status, pause, resume, cancel) and
 * pushed events race each other: a request's answer applies only if nothing newer arrived since
 * it was asked, so a slow "scanning" answer never undoes the "paused" an event just brought.
 */
export class ScanState {
  status = $state.raw<ScanStatus>(IDLE);
  readonly busy = $derived(this.status.state !== 'idle');
  private readonly latest = new Latest();

  /** A pushed event: newer than any request still in flight. */
  received(status: ScanStatus): void {
    this.latest.supersede();
    this.status = status;
  }

  /** Applies a request's answer unless something newer came first; true when it was applied. */
  request(ask: () => Promise<ScanStatus>): Promise<boolean> {
    return this.latest.run(ask, (s) => (this.status = s));
  }
}
