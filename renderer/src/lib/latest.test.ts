import { describe, expect, it } from 'vitest';
import { Latest } from './latest';

/** A promise the test resolves when it chooses, to play answers back in any order. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('latest request', () => {
  it('applies only the newest answer when an older one arrives last', async () => {
    const latest = new Latest();
    const applied: string[] = [];
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = latest.run(() => slow.promise, (v) => applied.push(v));
    const second = latest.run(() => fast.promise, (v) => applied.push(v));
    fast.resolve('new');
    slow.resolve('old');
    expect(await second).toBe(true);
    expect(await first).toBe(false);
    expect(applied).toEqual(['new']);
  });

  it('drops answers in flight when superseded by an event', async () => {
    const latest = new Latest();
    const applied: string[] = [];
    const answer = deferred<string>();
    const asked = latest.run(() => answer.promise, (v) => applied.push(v));
    latest.supersede();
    answer.resolve('before the event');
    expect(await asked).toBe(false);
    expect(applied).toEqual([]);
  });
});
