/**
 * IPC is answered only for the app's own top-level page. The URL check is on the parsed origin of
 * the sending frame, so look-alike strings ("app://winnow.evil") and subframes do not pass.
 */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, appUrl: string): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    const sender = new URL(frameUrl);
    const app = new URL(appUrl);
    return sender.protocol === app.protocol && sender.host === app.host && sender.pathname === app.pathname;
  } catch {
    return false;
  }
}
