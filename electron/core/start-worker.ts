import { Worker } from 'node:worker_threads';

/**
 * A module beside the caller, as this run loads it: builds run the compiled .js; source runs
 * (tests, tsx) the .ts, which only loads with tsx registered.
 */
export function moduleBeside(callerUrl: string, moduleName: string): { readonly url: URL; readonly needsTsx: boolean } {
  const needsTsx = callerUrl.endsWith('.ts');
  return { url: new URL(`./${moduleName}.${needsTsx ? 'ts' : 'js'}`, callerUrl), needsTsx };
}

/**
 * Starts a worker thread from a module beside the caller. tsx has to be registered inside the
 * worker itself, hence the one-line bootstrap for source runs.
 */
export function startWorker(callerUrl: string, moduleName: string, workerData: unknown): Worker {
  const { url, needsTsx } = moduleBeside(callerUrl, moduleName);
  if (!needsTsx) return new Worker(url, { workerData });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
