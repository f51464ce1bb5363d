#!/usr/bin/env node
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { WinnowError } from '../core/errors.js';
import { PROVIDER_NAMES, parseProviderList } from '../core/inference/execution-providers.js';
import { reportFailure } from './exit-codes.js';
import { listCommand } from './list-command.js';
import { scanCommand } from './scan-command.js';
import { serveCommand } from './serve-command.js';
import { CULLING_USAGE, runCullingCommand } from './culling-command.js';
import { rescoreCommand, type RescoreArgs } from './rescore-command.js';
import { PHOTO_SORTS, type PhotoSort } from '../shared/library-types.js';

const USAGE = `Usage:
  winnow scan <folder> [--db FILE] [--model FILE] [--threads N] [--cpu | --provider NAME[,NAME]] [--verbose]
  winnow rescore [--db FILE] [--model FILE] [--threads N] [--cpu | --provider NAME[,NAME]]
              scans every library folder: photos scored by an older model get the current one
  winnow list [--db FILE] [--model FILE] [--sort quality|sharpness|date|name|camera] [--order asc|desc]
              [--min-quality N] [--max-quality N] [--limit N] [--json] [--errors]
  winnow serve [--db FILE] [--model FILE] [--port N] [--threads N] [--cpu | --provider NAME[,NAME]] [--no-sidecars]

Providers (tried in order, the CPU always last): ${PROVIDER_NAMES.join(', ')}.
${CULLING_USAGE}

The library database defaults to ${'$'}WINNOW_HOME/library.db, else the user's data folder.
Exit codes: 0 done (per-photo failures are reported, not fatal), 1 failure, 2 bad usage,
3 database unreadable, unwritable or from a newer Winnow, 4 model cannot be loaded, 130 interrupted.`;

function usage(message: string): never {
  throw new WinnowError('USAGE', `${message}\n\n${USAGE}`);
}

/** --provider and --cpu: one or the other (--cpu is the same as --provider cpu). */
function providerOption(value: string | undefined, cpu: boolean): readonly string[] | undefined {
  if (value === undefined) return undefined;
  let names: string[];
  try {
    names = parseProviderList(value);
  } catch (err) {
    usage(`--provider: ${(err as Error).message}`);
  }
  if (cpu && names.some((n) => n !== 'cpu')) usage('--cpu and --provider ask for different things: give one');
  return names;
}

/** --threads beyond the machine's cores only adds contention (5,000 made a two-photo scan take minutes). */
function threadsOption(value: string | undefined): number | undefined {
  const n = numberOption(value, 'threads', true);
  const cores = availableParallelism();
  if (n !== undefined && (n < 1 || n > cores)) usage(`--threads must be from 1 to ${cores} (this machine's cores), got ${n}`);
  return n;
}

function numberOption(value: string | undefined, name: string, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) usage(`--${name} needs a ${integer ? 'whole ' : ''}number, got "${value}"`);
  return n;
}

/** The options scan and rescore share (rescore scans every folder with them). */
function scanOptions(values: { db?: string; model?: string; threads?: string; cpu?: boolean; provider?: string; verbose?: boolean }): RescoreArgs {
  const threads = threadsOption(values.threads);
  const providers = providerOption(values.provider, values.cpu ?? false);
  return {
    ...(values.db ? { db: values.db } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(threads ? { threads } : {}),
    cpu: values.cpu ?? false,
    ...(providers ? { providers } : {}),
    verbose: values.verbose ?? false,
  };
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  const culling = runCullingCommand(command, rest);
  if (culling) return culling;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        model: { type: 'string' },
        threads: { type: 'string' },
        sort: { type: 'string' },
        order: { type: 'string' },
        'min-quality': { type: 'string' },
        'max-quality': { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        errors: { type: 'boolean', default: false },
        cpu: { type: 'boolean', default: false },
        provider: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        port: { type: 'string' },
        'no-sidecars': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    usage((err as Error).message);
  }
  const { values, positionals } = parsed;

  switch (command) {
    case 'scan': {
      if (positionals.length !== 1) usage('scan needs exactly one folder');
      return scanCommand({ folder: positionals[0]!, ...scanOptions(values) }, process.stdout, process.stderr);
    }
    case 'rescore': {
      if (positionals.length > 0) usage('rescore takes no positional arguments; it scans every library folder');
      return rescoreCommand(scanOptions(values), process.stdout, process.stderr);
    }
    case 'list': {
      if (positionals.length > 0) usage('list takes no positional arguments');
      const sort = (values.sort ?? 'quality') as PhotoSort;
      if (!PHOTO_SORTS.includes(sort)) usage(`unknown sort "${values.sort}"`);
      if (values.order !== undefined && values.order !== 'asc' && values.order !== 'desc') usage(`--order must be asc or desc`);
      const limit = numberOption(values.limit, 'limit', true);
      if (limit !== undefined && limit < 1) usage('--limit must be at least 1');
      return listCommand(
        {
          ...(values.db ? { db: values.db } : {}),
          ...(values.model ? { model: values.model } : {}),
          sort,
          ...(values.order ? { order: values.order as 'asc' | 'desc' } : {}),
          ...(values['min-quality'] !== undefined ? { minQuality: numberOption(values['min-quality'], 'min-quality')! } : {}),
          ...(values['max-quality'] !== undefined ? { maxQuality: numberOption(values['max-quality'], 'max-quality')! } : {}),
          ...(limit !== undefined ? { limit } : {}),
          json: values.json ?? false,
          errors: values.errors ?? false,
        },
        process.stdout,
      );
    }
    case 'serve': {
      if (positionals.length > 0) usage('serve takes no positional arguments');
      const port = numberOption(values.port, 'port', true);
      if (port !== undefined && (port < 0 || port > 65535)) usage('--port must be 0 to 65535');
      const threads = threadsOption(values.threads);
      const providers = providerOption(values.provider, values.cpu ?? false);
      return serveCommand(
        {
          ...(values.db ? { db: values.db } : {}),
          ...(values.model ? { model: values.model } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(threads ? { threads } : {}),
          noSidecars: values['no-sidecars'] ?? false,
          cpu: values.cpu ?? false,
          ...(providers ? { providers } : {}),
        },
        process.stdout,
      );
    }
    default:
      usage(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (thrown: unknown) => {
    process.exitCode = reportFailure(thrown, process.stderr);
  },
);
