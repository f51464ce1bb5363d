import { describe, expect, it } from 'vitest';
import type { ScanStatus } from '../../../electron/shared/api-contract';
import { deferred } from '../test-support/photos';
import { IDLE, ScanState } from './scan.svelte';

const scanning: ScanStatus = { ...IDLE, state: 'scanning', active: '/photos' };
const paused: ScanStatus = { ...IDLE, state: 'paused', active: '/photos' };

describe('scan state', () => {
  it('keeps the newer state when an older answer arrives last', async () => {
    const scan = new ScanState();
    const status = deferred<ScanStatus>();
    const pause = deferred<ScanStatus>();
    const polled = scan.request(() => status.promise);
    const paused_ = scan.request(() => pause.promise);
    pause.resolve(paused);
    status.resolve(scanning);
    expect(await paused_).toBe(true);
    expect(await polled).toBe(false);
    expect(scan.status.state).toBe('paused');
    expect(scan.busy).toBe(true);
  });

  it('lets an event overrule a request that was asked before it', async () => {
    const scan = new ScanState();
    const status = deferred<ScanStatus>();
    const asked = scan.request(() => status.promise);
    scan.received(IDLE);
    status.resolve(scanning);
    expect(await asked).toBe(false);
    expect(scan.status.state).toBe('idle');
    expect(scan.busy).toBe(false);
  });
});
