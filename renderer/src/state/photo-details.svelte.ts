import { SvelteMap } from 'svelte/reactivity';
import type { PhotoDetail, WinnowApi } from '../../../electron/shared/api-contract';

/**
 * Details (EXIF, scores, maps) of what the loupe and compare show: a small cache, since the loupe
 * walks through photos one at a time. A detail asked before a decision changed its photo is
 * stale when it arrives, and is dropped.
 */
export class PhotoDetails {
  private readonly cache = new SvelteMap<number, PhotoDetail>();
  /** The generation each id's request was asked in; invalidation moves an id to a new one. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never painted
  private readonly asked = new Map<number, number>();
  private generation = 0;

  constructor(
    private readonly api: Pick<WinnowApi, 'photoDetail'>,
    private readonly onerror: (err: unknown) => void,
    readonly capacity = 64,
  ) {}

  get(id: number): PhotoDetail | null {
    return this.cache.get(id) ?? null;
  }

  /** Fetches the details of these photos that are neither cached nor on their way. */
  want(ids: readonly number[]): void {
    for (const id of ids) {
      if (this.cache.has(id) || this.asked.has(id)) continue;
      const gen = this.generation;
      this.asked.set(id, gen);
      this.api.photoDetail(id).then(
        (d) => {
          if (this.asked.get(id) !== gen) return;
          this.asked.delete(id);
          if (!d) return;
          this.cache.set(id, d);
          if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as number);
        },
        (err: unknown) => {
          if (this.asked.get(id) === gen) this.asked.delete(id);
          this.onerror(err);
        },
      );
    }
  }

  /** Details carry decisions too: after a decision on these photos, what is cached or coming is stale. */
  invalidate(ids: readonly number[]): void {
    this.generation++;
    for (const id of ids) {
      this.cache.delete(id);
      this.asked.delete(id);
    }
  }
}
