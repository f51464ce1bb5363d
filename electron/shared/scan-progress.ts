/**
 * A scan's progress as its events report it. Types only, with no imports, so the API contract that
 * the renderer type-checks without Node can share it.
 */
export interface ScanProgress {
  readonly phase: 'walking' | 'scoring' | 'done';
  /** Photo files found so far. */
  readonly found: number;
  /** Photos analysed in this run, failures included. */
  readonly done: number;
  /** Photos this run has to analyse (new or changed). */
  readonly total: number;
  readonly failed: number;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
  readonly current: string | null;
}
