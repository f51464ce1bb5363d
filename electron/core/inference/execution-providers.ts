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
      skipped.push({ name, reason: 'provider library not installed (see README: GPUs)' });
    } else if (name === 'webgpu' && !ctx.hasGpuDevice && !ctx.requested) {
      skipped.push({ name, reason: 'no GPU device found' });
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
  const hasGpuDevice =
    platform === 'linux' ? safeList('/dev/dri').some((n) => n.startsWith('renderD')) || fs.existsSync('/dev/nvidia0') : platform === 'win32' || platform === 'darwin';
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

export function describeProvider(name: string, threads: number): string {
  const labels: Record<string, string> = { cpu: 'CPU', cuda: 'CUDA', tensorrt: 'TensorRT', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU' };
  const label = labels[name] ?? name;
  return name === 'cpu' ? `${label}, ${threads} thread${threads === 1 ? '' : 's'}` : label;
}
