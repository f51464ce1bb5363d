import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs it with apt); playwright never downloads a browser here. */
export const CHROMIUM = process.env.WINNOW_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

const SETPRIV = '/usr/bin/setpriv';

/**
 * The executable to launch: Chromium itself, or, when we run as root (CI, containers), Chromium
 * without the right to raise its own priority. Given that right, it puts its browser, GPU and
 * compositor threads at nice -8, which a desktop user's Chromium normally cannot, and the Winnow
 * host it talks to (nice 0) would be measured, and the e2e tests' waits timed, against a browser
 * that outranks it on every core.
 */
function chromiumExecutable(): string {
  if (process.getuid?.() !== 0 || !fs.existsSync(SETPRIV)) return CHROMIUM;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winnow-chromium-'));
  const wrapper = path.join(dir, 'chromium');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${SETPRIV} --bounding-set -sys_nice --inh-caps -sys_nice -- '${CHROMIUM.replaceAll("'", `'\\''`)}' "$@"\n`, { mode: 0o755 });
  return wrapper;
}

/** playwright gives every launch a fresh temporary profile (it refuses --user-data-dir in args). */
export async function launchChromium(extraArgs: string[] = []): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      if (executablePath !== CHROMIUM) fs.rmSync(path.dirname(executablePath), { recursive: true, force: true });
    },
  };
}
