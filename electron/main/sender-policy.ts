import { isAppPage } from './app-origin.js';

/** What main knows about the frame behind an IPC message (from event.senderFrame). */
export interface SenderFrame {
  readonly url: string | undefined;
  /** The frame is the top-level frame of its window, not an iframe. */
  readonly isMainFrame: boolean;
}

/**
 * IPC is answered only for the app's own page in a top-level frame. A subframe, a page that got
 * navigated elsewhere, or a frame that is already gone (senderFrame null) gets nothing.
 */
export function isTrustedSender(frame: SenderFrame | null): boolean {
  return frame !== null && frame.isMainFrame && isAppPage(frame.url);
}
