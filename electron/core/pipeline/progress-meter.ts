/**
 * Rate and ETA over a sliding window, so a slow start (model load, cold cache) does not distort
 * the estimate for the rest of a long run.
 */
export class ProgressMeter {
  private readonly samples: { t: number; done: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  record(done: number, now = performance.now()): void {
    this.samples.push({ t: now, done });
    while (this.samples.length > 2 && now - this.samples[0]!.t > this.windowMs) this.samples.shift();
  }

  /** Items per second, or 0 until there is a rate to speak of. */
  rate(): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    const dt = (last.t - first.t) / 1000;
    return dt > 0 ? (last.done - first.done) / dt : 0;
  }

  etaSeconds(remaining: number): number | null {
    const r = this.rate();
    return r > 0 ? remaining / r : null;
  }
}
