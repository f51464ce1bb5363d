import cliProgress from 'cli-progress';
import type { ScanProgress } from '../core/pipeline/scan-library.js';
import { duration } from './format.js';

export interface ProgressDisplay {
  update(p: ScanProgress): void;
  stop(): void;
}

/** A live bar on a terminal; on a pipe or in CI, a plain line every few seconds instead. */
export function progressDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  return stream.isTTY ? new BarDisplay(stream) : new LineDisplay(stream);
}

class BarDisplay implements ProgressDisplay {
  private bar: cliProgress.SingleBar | null = null;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(p: ScanProgress): void {
    if (p.phase !== 'scoring') return;
    const payload = { rate: p.ratePerSecond.toFixed(1), remaining: duration(p.etaSeconds), failed: p.failed, current: (p.current ?? '').slice(-40) };
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream,
          format: ' {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {remaining} | {failed} failed | {current}',
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(p.total, p.done, payload);
    } else {
      this.bar.update(p.done, payload);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}

class LineDisplay implements ProgressDisplay {
  private lastAt = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(p: ScanProgress): void {
    if (p.phase !== 'scoring') return;
    const now = Date.now();
    if (p.done !== p.total && now - this.lastAt < 5000) return;
    this.lastAt = now;
    const pct = p.total ? ((100 * p.done) / p.total).toFixed(1) : '100';
    this.stream.write(`scored ${p.done}/${p.total} (${pct}%), ${p.ratePerSecond.toFixed(1)} photos/s, ETA ${duration(p.etaSeconds)}, ${p.failed} failed\n`);
  }

  stop(): void {}
}
