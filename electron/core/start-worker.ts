import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from a module beside the caller. Builds run the compiled .js; source runs
 * (tests, tsx) load the .ts through tsx, which has to be registered inside the worker itself,
 * hence the one-line bootstrap.
 */
export function startWorker(callerUrl: string, moduleName: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${moduleName}.js`, callerUrl), { workerData });
  const url = new URL(`./${moduleName}.ts`, callerUrl).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
