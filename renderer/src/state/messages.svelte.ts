/** The status line's notice ("pick on 1 photo") and the error banner. */
export class Messages {
  notice = $state<string | null>(null);
  /** Problems worth reading but not stopping for (a sidecar that could not be written). */
  warning = $state<string | null>(null);
  error = $state<string | null>(null);

  fail = (err: unknown): void => {
    this.error = err instanceof Error ? err.message : String(err);
  };
}
