import path from 'node:path';
import { defaultDatabasePath, defaultModelPath, packageRoot } from '../core/app-paths.js';
import { startBrowserHost } from '../host/browser-host.js';

export interface ServeArgs {
  readonly db?: string;
  readonly model?: string;
  readonly port?: number;
  readonly threads?: number;
  readonly noSidecars?: boolean;
  readonly cpu?: boolean;
  readonly providers?: readonly string[];
}

/** Serves the library to a browser on this machine until Ctrl+C. */
export async function serveCommand(args: ServeArgs, out: NodeJS.WriteStream): Promise<number> {
  const host = await startBrowserHost({
    dbPath: path.resolve(args.db ?? defaultDatabasePath()),
    rendererDir: path.join(packageRoot(), 'dist', 'renderer'),
    modelPath: args.model ?? defaultModelPath(),
    port: args.port ?? 0,
    writeSidecars: !args.noSidecars,
    ...(args.threads ? { inferenceThreads: args.threads } : {}),
    providers: { providers: args.providers ?? null, cpuOnly: args.cpu ?? false },
  });
  out.write(`Winnow is serving your library at\n\n  ${host.url}\n\nOpen that address in a browser on this machine (it holds this run's access token). Ctrl+C stops.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  return 0;
}
