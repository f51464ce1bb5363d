import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants, processes, threadNiceness } from '../helpers/proc.js';
import { chromiumAvailable, launchChromium, launchChromiumInSession } from './chromium.js';

const linux = process.platform === 'linux' && fs.existsSync('/proc/self/task');

describe.skipIf(!chromiumAvailable() || !linux)('the tests’ Chromium', () => {
  let close: () => Promise<void>;
  let threads: number[] = [];

  beforeAll(async () => {
    const launched = await launchChromium();
    close = launched.close;
    const page = await launched.browser.newPage();
    // Drawing something brings up the renderer and GPU processes and their compositor threads.
    await page.setContent('<canvas width="64" height="64"></canvas><script>document.querySelector("canvas").getContext("2d").fillRect(0, 0, 32, 32)</script>');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    threads = descendants(process.pid).flatMap((pid) => [...threadNiceness(pid).values()]);
  }, 60_000);

  afterAll(async () => {
    await close?.();
  });

  it('runs at the priority a desktop user’s would, even when the tests run as root', () => {
    expect(threads.length).toBeGreaterThan(10);
    // As root, Chromium raised its browser, GPU and compositor threads to nice -8 and starved the
    // host being measured.
    expect(Math.min(...threads)).toBeGreaterThanOrEqual(0);
  });
});

describe.skipIf(!chromiumAvailable() || !linux)('Chromium in the session of the process that starts it', () => {
  const ownSession = () => processes().find((p) => p.pid === process.pid)!.session;
  it('runs every browser process in this session (as Electron runs its page), serves pages, and leaves nothing behind', async () => {
    const launched = await launchChromiumInSession();
    let closed = false;
    try {
      const page = await launched.browser.newPage({ viewport: { width: 320, height: 200 } });
      await page.setContent('<p id="x">in session</p>');
      expect(await page.textContent('#x')).toBe('in session');
      const all = processes();
      const below = new Set([launched.pid, ...descendants(launched.pid)]);
      // The browser, its zygotes, renderer and GPU process. (Crashpad's handler daemonises: it
      // leaves the session and is no descendant; it does no work for the page.)
      const chromiumOnes = all.filter((p) => below.has(p.pid));
      expect(chromiumOnes.length).toBeGreaterThanOrEqual(3);
      expect(new Set(chromiumOnes.map((p) => p.session))).toEqual(new Set([ownSession()]));
      expect(Math.min(...chromiumOnes.flatMap((p) => [...threadNiceness(p.pid).values()]))).toBeGreaterThanOrEqual(0);
      await launched.close();
      closed = true;
      expect(processes().some((p) => p.pid === launched.pid)).toBe(false);
      expect(fs.existsSync(launched.folder)).toBe(false);
    } finally {
      if (!closed) await launched.close();
    }
  }, 60_000);

  it('quits when the process that started it is killed', async () => {
    const script = `import { launchChromiumInSession } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'chromium.ts')).href)};
const { pid, folder } = await launchChromiumInSession();
console.log(JSON.stringify({ pid, folder }));`;
    const starter = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const { pid, folder } = await new Promise<{ pid: number; folder: string }>((resolve, reject) => {
      starter.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as { pid: number; folder: string }));
      starter.once('exit', (code) => reject(new Error(`the starter exited (${code}) before Chromium was up`)));
    });
    const alive = () => processes().some((p) => p.pid === pid && p.cmdline !== ''); // a zombie has no command line
    expect(alive()).toBe(true);
    starter.kill('SIGKILL');
    const deadline = Date.now() + 20_000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
    fs.rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); // its starter could not
  }, 60_000);

  it('is what playwright’s own launch is not: its browser leads a session of its own', async () => {
    const launched = await launchChromium();
    try {
      const below = new Set(descendants(process.pid));
      const browserProcesses = processes().filter((p) => below.has(p.pid));
      expect(browserProcesses.length).toBeGreaterThanOrEqual(3);
      expect(browserProcesses.some((p) => p.session === ownSession())).toBe(false);
    } finally {
      await launched.close();
    }
  }, 60_000);
});
