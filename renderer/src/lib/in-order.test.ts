import { describe, expect, it } from 'vitest';
import { inOrderQueue } from './in-order';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inOrderQueue', () => {
  it('finishes tasks in the order they were queued, even when the first is the slowest', async () => {
    const enqueue = inOrderQueue();
    const log: string[] = [];
    const slow = enqueue(async () => {
      log.push('3 start');
      await sleep(30);
      log.push('3 done');
    });
    const fast = enqueue(async () => {
      log.push('6 start');
      await sleep(1);
      log.push('6 done');
    });
    await Promise.all([slow, fast]);
    expect(log).toEqual(['3 start', '3 done', '6 start', '6 done']);
  });

  it('goes on after a task fails', async () => {
    const enqueue = inOrderQueue();
    const failed = enqueue(async () => {
      throw new Error('offline');
    });
    let ran = false;
    const next = enqueue(async () => {
      ran = true;
    });
    await expect(failed).rejects.toThrow('offline');
    await next;
    expect(ran).toBe(true);
  });
});
