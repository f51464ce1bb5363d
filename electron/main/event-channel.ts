import { WINNOW_EVENTS, type WinnowEvent } from '../shared/api-contract.js';
import { isAppPage } from './app-origin.js';
import { ipcArgumentProblem } from './ipc-arguments.js';

/**
 * Host-to-renderer events (scan progress, library changes, decisions) travel on EVENT_CHANNEL as
 * the contract's { name, payload } envelopes. Main checks each before sending, so a bad event
 * fails here, loudly, rather than in the page.
 */
export function eventProblem(event: WinnowEvent): string | null {
  if (!(WINNOW_EVENTS as readonly string[]).includes(event.name)) return `unknown event ${String(event.name)}`;
  const problem = ipcArgumentProblem([event.payload]);
  return problem ? `event ${event.name} payload is not plain data: ${problem}` : null;
}

/** Events go only to a window still showing the app's own page, never to whatever it navigated to. */
export function shouldDeliverEvent(currentUrl: string): boolean {
  return isAppPage(currentUrl);
}
