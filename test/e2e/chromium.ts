import { spawn, type ChildProcess } from 'node:child_process';
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
function chromiumExecutable(dir: string): string {
  if (process.getuid?.() !== 0 || !fs.existsSync(SETPRIV)) return CHROMIUM;
  const wrapper = path.join(dir, 'chromium');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${SETPRIV} --bounding-set -sys_nice --inh-caps -sys_nice -- '${CHROMIUM.replaceAll("'", `'\\''`)}' "$@"\n`, { mode: 0o755 });
  return wrapper;
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** playwright gives every launch a fresh temporary profile (it refuses --user-data-dir in args). */
export async function launchChromium(extraArgs: string[] = []): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'winnow-chromium-'));
  const browser = await chromium.launch({ executablePath: chromiumExecutable(folder), headless: true, args: [...ARGS, ...extraArgs] });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium started as a plain child of this process, in its session, and driven over the DevTools
 * protocol. playwright's own launch puts the browser in a session of its own (it spawns it
 * detached, to kill its process group), and on Linux, where the scheduler shares the CPU between
 * sessions first (autogroups) and between threads within each only then, a page in another
 * session is scheduled like another application's window. Electron's renderer and GPU processes
 * are children of its main process, in its session; benchmarks of the host's responsiveness
 * to its own page run the page that way.
 */
export async function launchChromiumInSession(extraArgs: string[] = []): Promise<{ browser: Browser; close: () => Promise<void>; pid: number; folder: string }> {
  // The profile, and the executable's wrapper where there is one.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'winnow-chromium-'));
  const executablePath = chromiumExecutable(folder);
  const profile = path.join(folder, 'profile');
  // DevTools on a port for playwright, and on a pipe (fds 3 and 4) that nobody reads: when this
  // process dies, however it dies, the pipe closes and Chromium quits instead of living on.
  const child = spawn(executablePath, [...ARGS, ...extraArgs, '--remote-debugging-port=0', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve()); // not started at all
  });
  const cleanUp = async () => {
    const running = () => child.exitCode === null && child.signalCode === null;
    // Chromium quits after its renderer and GPU processes; given 10 s, it is killed.
    const killer = setTimeout(() => running() && child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    // A killed browser's children may still be writing to the profile for a moment.
    fs.rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    const endpoint = await devToolsEndpoint(child);
    const browser = await chromium.connectOverCDP(endpoint);
    return {
      browser,
      close: async () => {
        // Closing a browser playwright connected to only disconnects; ask Chromium to quit (it
        // may drop the connection before it answers, and is killed below if it does not quit).
        await browser
          .newBrowserCDPSession()
          .then((cdp) => cdp.send('Browser.close'))
          .catch(() => {});
        await browser.close();
        await cleanUp();
      },
      pid: child.pid!,
      folder,
    };
  } catch (err) {
    child.kill('SIGKILL');
    await cleanUp();
    throw err;
  }
}

/** Chromium prints where its DevTools listen on stderr once it is up. */
function devToolsEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not say where DevTools listen within 30 s:\n${seen.slice(-2000)}`)), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (found) {
        done();
        resolve(found[1]!);
      }
    };
    const onExit = (code: number | null) => fail(new Error(`Chromium exited (${code}) before DevTools listened:\n${seen.slice(-2000)}`));
    const onError = (err: Error) => fail(new Error(`Chromium did not start: ${err.message}`));
    const done = () => {
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining stderr, or a chatty Chromium blocks on a full pipe.
      child.stderr!.resume();
    };
    const fail = (err: Error) => {
      done();
      reject(err);
    };
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}
