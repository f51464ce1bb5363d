import fs from 'node:fs';
import { parseProviderList } from '../core/inference/execution-providers.js';
import type { ProviderSetting } from '../shared/api-contract.js';

export const DEFAULT_PROVIDER_SETTING: ProviderSetting = { providers: null, cpuOnly: false };

export interface ProviderSettingResult {
  readonly setting: ProviderSetting;
  /** Why part of the input was ignored; the app logs these and goes on with the rest. */
  readonly problems: readonly string[];
}

/**
 * The desktop app's provider setting, like the CLI's --provider and --cpu: the app's own command
 * line (`--provider=webgpu,cpu`, `--provider webgpu`, `--cpu`) wins over settings.json
 * (`{"providers": ["webgpu"], "cpuOnly": false}`), which wins over the platform's plan. A bad value
 * never stops the app: it falls back to the next source and says why.
 */
export function resolveProviderSetting(argv: readonly string[], saved: unknown): ProviderSettingResult {
  const problems: string[] = [];
  let fromArgs: ProviderSetting | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--cpu') fromArgs = { providers: null, cpuOnly: true };
    const value = arg.startsWith('--provider=') ? arg.slice('--provider='.length) : arg === '--provider' ? argv[++i] : undefined;
    if (value === undefined) continue;
    try {
      fromArgs = { providers: parseProviderList(value), cpuOnly: false };
    } catch (err) {
      problems.push(`--provider ignored: ${(err as Error).message}`);
    }
  }
  if (fromArgs) return { setting: fromArgs, problems };
  if (saved === undefined || saved === null) return { setting: DEFAULT_PROVIDER_SETTING, problems };
  if (typeof saved !== 'object' || Array.isArray(saved)) return { setting: DEFAULT_PROVIDER_SETTING, problems: [...problems, 'settings: not a JSON object'] };
  const s = saved as { providers?: unknown; cpuOnly?: unknown };
  let providers: string[] | null = null;
  if (s.providers !== undefined && s.providers !== null) {
    try {
      if (!Array.isArray(s.providers) || !s.providers.every((p) => typeof p === 'string')) throw new Error('"providers" must be a list of names');
      providers = parseProviderList(s.providers.join(','));
    } catch (err) {
      problems.push(`settings: providers ignored: ${(err as Error).message}`);
    }
  }
  if (s.cpuOnly !== undefined && typeof s.cpuOnly !== 'boolean') problems.push('settings: "cpuOnly" must be true or false');
  return { setting: { providers, cpuOnly: s.cpuOnly === true }, problems };
}

/** settings.json's parsed content; undefined when there is none yet, a problem when unreadable. */
export function readSettingsFile(file: string): { value: unknown; problem: string | null } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { value: undefined, problem: (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : `cannot read ${file}: ${(err as Error).message}` };
  }
  try {
    return { value: JSON.parse(text) as unknown, problem: null };
  } catch (err) {
    return { value: undefined, problem: `${file} is not valid JSON: ${(err as Error).message}` };
  }
}
