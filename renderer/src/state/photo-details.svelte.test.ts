import { describe, expect, it } from 'vitest';
import type { PhotoDetail } from '../../../electron/shared/api-contract';
import { deferred, photoDetail } from '../test-support/photos';
import { PhotoDetails } from './photo-details.svelte';

function api() {
  const asked: { id: number; answer: ReturnType<typeof deferred<PhotoDetail | null>> }[] = [];
  return {
    asked,
    photoDetail(id: number) {
      const answer = deferred<PhotoDetail | null>();
      asked.push({ id, answer });
      return answer.promise;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('photo details', () => {
  it('asks once per photo and drops an answer made stale by a decision', async () => {
    const a = api();
    const details = new PhotoDetails(a, (e) => {
      throw e;
    });
    details.want([1]);
    details.want([1]);
    expect(a.asked).toHaveLength(1);
    details.invalidate([1]);
    details.want([1]);
    expect(a.asked).toHaveLength(2);
    a.asked[1]!.answer.resolve(photoDetail(1, { pick: 1 }));
    a.asked[0]!.answer.resolve(photoDetail(1, { pick: 0 }));
    await tick();
    expect(details.get(1)?.pick).toBe(1);
  });

  it('keeps a bounded number of details', async () => {
    const a = api();
    const details = new PhotoDetails(a, () => {}, 4);
    for (let id = 1; id <= 10; id++) details.want([id]);
    a.asked.forEach((x) => x.answer.resolve(photoDetail(x.id)));
    await tick();
    expect([1, 2, 3, 4, 5, 6].map((id) => details.get(id))).toEqual([null, null, null, null, null, null]);
    expect(details.get(10)?.id).toBe(10);
  });
});
