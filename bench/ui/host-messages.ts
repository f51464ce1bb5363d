/** What the UI bench and the host process it watches (host-child.ts) tell each other. */

/** The host's event loop over a measurement. */
export interface LoopFigures {
  /** The longest event-loop stall, and the 99th percentile of the loop's delay, ms. */
  readonly maxMs: number;
  readonly p99Ms: number;
  /**
   * The longest stall seen by a 5 ms ticker, split by Linux's scheduler figures into the time the
   * thread worked and the time it waited for a core (absent elsewhere): a loaded machine's queue
   * is not the host's doing.
   */
  readonly longestStall?: StallSplit;
  /** The stall over 30 ms in which the thread worked longest: the host's own longest work. */
  readonly busiestStall?: StallSplit;
}

export interface StallSplit {
  readonly ms: number;
  readonly onCpuMs: number;
  readonly queuedMs: number;
}

export type HostRequest =
  /** Start watching the event loop; with a folder, also profile the main thread into it. */
  | { readonly type: 'watch'; readonly profileDir?: string }
  | { readonly type: 'unwatch' }
  | { readonly type: 'close' };

export type HostReply =
  | { readonly type: 'ready'; readonly url: string; readonly token: string }
  | { readonly type: 'watching' }
  | { readonly type: 'figures'; readonly figures: LoopFigures }
  | { readonly type: 'closed' };
