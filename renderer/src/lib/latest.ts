/**
 * Request generation tokens: each request takes a token, and only the newest token's answer may
 * be applied. A slow answer to an older question (a histogram for the previous filter, the scan
 * state before a pause) then never paints over a newer one.
 */
export class Latest {
  private generation = 0;

  /** Starts a request; everything begun before it is now stale. */
  begin(): number {
    return ++this.generation;
  }

  /** Marks every request in flight stale without starting one (an event brought newer news). */
  supersede(): void {
    this.generation++;
  }

  isCurrent(token: number): boolean {
    return token === this.generation;
  }

  /** Awaits `ask` and hands its answer to `apply` only if no newer request started meanwhile. */
  async run<T>(ask: () => Promise<T>, apply: (value: T) => void): Promise<boolean> {
    const token = this.begin();
    const value = await ask();
    if (!this.isCurrent(token)) return false;
    apply(value);
    return true;
  }
}
