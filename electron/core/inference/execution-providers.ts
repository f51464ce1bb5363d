import fs from 'node:fs';
import os from 'node:os';

/**
 * Which onnxruntime execution providers to try, best first, on this machine. Pure, so the choice
 * for every platform is testable on any one. CPU always ends the list: it is bundled everywhere.
 */
export interface ProviderContext {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** What the installed onnxruntime-node says it has (listSupportedBackends). */
  readonly supported: readonly { name: string; bundled: boolean }[];
  /** Whether an optional provider's shared library was installed beside the binding. */
  readonly installed: (name: string) => boolean;
  readonly hasGpuDevice: boolean;
  /** User setting: never leave the CPU. */
  readonly forceCpu: boolean;
  /** Explicit list from the user or a test; replaces the platform plan (CPU still ends it). */
  readonly requested?: readonly string[];
}

export interface ProviderPlan {
  readonly attempt: readonly string[];
  readonly skipped: readonly { name: string; reason: string }[];
}

function platformPreference(platform: NodeJS.Platform, arch: string): string[] {
  if (platform === 'linux' && arch === 'x64') return ['cuda', 'tensorrt', 'webgpu'];
  if (platform === 'win32') return ['dml', 'webgpu'];
  if (platform === 'darwin') return ['coreml', 'webgpu'];
  return ['webgpu'];
}

export function planProviders(ctx: ProviderContext): ProviderPlan {
  if (ctx.forceCpu) return { attempt: ['cpu'], skipped: [{ name: 'gpu', reason: 'CPU forced by setting' }] };
  const wanted = ctx.requested ? [...ctx.requested] : platformPreference(ctx.platform, ctx.arch);
  const attempt: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const name of wanted) {
    if (name === 'cpu') continue;
    const entry = ctx.supported.find((s) => s.name === name);
    if (!entry && !ctx.requested) {
      skipped.push({ name, reason: 'not offered by the installed onnxruntime-node' });
    } else if (entry && !entry.bundled && !ctx.installed(name)) {
      skipped.push({ name, reason: 'provider library not installed' });
    } else if (name === 'webgpu' && !ctx.hasGpuDevice && !ctx.requested) {
      // Without any GPU device node the only adapter Dawn could find is a software one (SwiftShader,
      // llvmpipe), slower than the CPU provider. With one, the adapter is tried and may still fail.
      skipped.push({ name, reason: 'no GPU device (a software adapter only with --provider webgpu)' });
    } else {
      attempt.push(name);
    }
  }
  attempt.push('cpu');
  return { attempt, skipped };
}

/** Facts about this machine for planProviders. */
export function hostProviderContext(supported: readonly { name: string; bundled: boolean }[], bindingDir: string | null): Omit<ProviderContext, 'forceCpu' | 'requested'> {
  const platform = process.platform;
  // Only a hint for the automatic plan: a device node says a GPU may be there, and the adapter
  // itself is then tried (a render node of a virtual GPU can still give no usable adapter).
  const hasGpuDevice =
    platform === 'linux'
      ? safeList('/dev/dri').some((n) => n.startsWith('renderD')) || ['/dev/nvidia0', '/dev/dxg', '/dev/kfd'].some((d) => fs.existsSync(d))
      : platform === 'win32' || platform === 'darwin';
  return {
    platform,
    arch: os.arch(),
    supported,
    hasGpuDevice,
    installed: (name) => bindingDir !== null && fs.existsSync(`${bindingDir}/libonnxruntime_providers_${name}.so`),
  };
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Threads for inference: half the cores, so decoding and the UI keep the other half. */
export function defaultInferenceThreads(cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** Provider names onnxruntime-node knows on some platform; what --provider accepts. */
export const PROVIDER_NAMES = ['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu'] as const;

const LABELS: Record<string, string> = { cpu: 'CPU', cuda: 'CUDA', tensorrt: 'TensorRT', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU' };

/**
 * Parses "webgpu,cpu" as given to --provider or the app's setting. Unknown names are refused here,
 * where the user can fix them, rather than turning into a fallback at every scan.
 */
export function parseProviderList(text: string): string[] {
  const names = text
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length > 0);
  if (names.length === 0) throw new Error('no provider named');
  const unknown = names.filter((n) => !(PROVIDER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`unknown provider ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${PROVIDER_NAMES.join(', ')})`);
  return [...new Set(names)];
}

/** Which provider scored a photo, as stored beside its score: "WebGPU (SwiftShader)", "CPU". */
export function providerLabel(name: string, adapter: string | null = null): string {
  const label = LABELS[name] ?? name;
  return adapter ? `${label} (${adapter})` : label;
}

/** For people: what scoring runs on, e.g. "CPU, 2 threads" or "WebGPU (SwiftShader)". */
export function describeProvider(name: string, threads: number, adapter: string | null = null): string {
  const label = providerLabel(name, adapter);
  return name === 'cpu' ? `${label}, ${threads} thread${threads === 1 ? '' : 's'}` : label;
}

/**
 * onnxruntime's errors start with a source location and the failed assertion
 * ("/onnxruntime_src/...webgpu_context.cc:136 ... was false. Failed to get a WebGPU adapter: No
 * supported adapters"); people need the sentence at the end.
 */
export function shortProviderReason(reason: string): string {
  let text = reason.split('\n')[0]!;
  const assertion = text.lastIndexOf(' was false. ');
  if (assertion >= 0) text = text.slice(assertion + ' was false. '.length);
  text = text.replace(/^\/\S+\.(cc|cpp|h):\d+ \S+ /, '');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
