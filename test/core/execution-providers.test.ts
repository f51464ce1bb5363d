import { describe, expect, it } from 'vitest';
import { describeProvider, parseProviderList, planProviders, shortProviderReason, type ProviderContext } from '../../electron/core/inference/execution-providers.js';
import { pinnedVulkanDriver } from '../../electron/core/inference/vulkan-adapter.js';
import { executionLine } from '../../electron/cli/format.js';
import { LLVMPIPE_ICD, SWIFTSHADER_ICD } from '../helpers/vulkan.js';
import { QualityModel } from '../../electron/core/inference/quality-model.js';
import { FIXTURE_MODEL } from '../helpers/paths.js';

const ortOnLinux = [
  { name: 'cpu', bundled: true },
  { name: 'webgpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];

function ctx(over: Partial<ProviderContext>): ProviderContext {
  return { platform: 'linux', arch: 'x64', supported: ortOnLinux, installed: () => false, hasGpuDevice: false, forceCpu: false, ...over };
}

describe('execution provider plan', () => {
  it('tries CUDA then TensorRT then WebGPU on Linux x64 when present, CPU last', () => {
    expect(planProviders(ctx({ installed: () => true, hasGpuDevice: true })).attempt).toEqual(['cuda', 'tensorrt', 'webgpu', 'cpu']);
  });

  it('skips what is not installed or has no device, saying why', () => {
    const plan = planProviders(ctx({}));
    expect(plan.attempt).toEqual(['cpu']);
    expect(plan.skipped.map((s) => s.name)).toEqual(['cuda', 'tensorrt', 'webgpu']);
    expect(plan.skipped[0]!.reason).toMatch(/not installed/);
    expect(plan.skipped[2]!.reason).toMatch(/no GPU/);
  });

  it('prefers DirectML on Windows and CoreML on macOS when the binding offers them', () => {
    const win = planProviders(ctx({ platform: 'win32', supported: [{ name: 'cpu', bundled: true }, { name: 'dml', bundled: true }, { name: 'webgpu', bundled: true }], hasGpuDevice: true }));
    expect(win.attempt).toEqual(['dml', 'webgpu', 'cpu']);
    const mac = planProviders(ctx({ platform: 'darwin', arch: 'arm64', supported: [{ name: 'cpu', bundled: true }, { name: 'coreml', bundled: true }], hasGpuDevice: true }));
    expect(mac.attempt).toEqual(['coreml', 'cpu']);
    expect(mac.skipped).toEqual([{ name: 'webgpu', reason: 'not offered by the installed onnxruntime-node' }]);
  });

  it('honours the force-CPU setting', () => {
    expect(planProviders(ctx({ forceCpu: true, installed: () => true, hasGpuDevice: true })).attempt).toEqual(['cpu']);
  });

  it('describes what scoring runs on', () => {
    expect(describeProvider('cpu', 2)).toBe('CPU, 2 threads');
    expect(describeProvider('cpu', 1)).toBe('CPU, 1 thread');
    expect(describeProvider('cuda', 4)).toBe('CUDA');
    expect(describeProvider('webgpu', 4, 'SwiftShader')).toBe('WebGPU (SwiftShader)');
  });

  it('tries WebGPU without a GPU device only when asked, since the adapter itself decides', () => {
    expect(planProviders(ctx({ requested: ['webgpu'] })).attempt).toEqual(['webgpu', 'cpu']);
    expect(planProviders(ctx({ hasGpuDevice: true })).attempt).toEqual(['webgpu', 'cpu']);
  });

  it('parses --provider lists, refusing unknown names', () => {
    expect(parseProviderList('WebGPU, cpu,webgpu')).toEqual(['webgpu', 'cpu']);
    expect(() => parseProviderList('webgpu,vulkan')).toThrow(/unknown provider "vulkan"/);
    expect(() => parseProviderList(' , ')).toThrow(/no provider/);
  });

  it("keeps the sentence of onnxruntime's error, not its source location", () => {
    const raw =
      '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n';
    expect(shortProviderReason(raw)).toBe('Failed to get a WebGPU adapter: No supported adapters');
    expect(shortProviderReason('backend not found.')).toBe('backend not found.');
  });

  it('groups passed-over providers by reason in the first line', () => {
    expect(executionLine('CPU, 1 thread', ['cuda: provider library not installed', 'tensorrt: provider library not installed', 'webgpu: no adapter'])).toBe(
      'on CPU, 1 thread (passed over: cuda, tensorrt: provider library not installed; webgpu: no adapter)',
    );
    expect(executionLine('WebGPU (SwiftShader)', [])).toBe('on WebGPU (SwiftShader)');
  });

  it('names the software Vulkan driver the environment pins, and nothing it cannot read', () => {
    expect(pinnedVulkanDriver({ VK_ICD_FILENAMES: SWIFTSHADER_ICD })).toBe('SwiftShader');
    expect(pinnedVulkanDriver({ VK_DRIVER_FILES: LLVMPIPE_ICD, VK_ICD_FILENAMES: SWIFTSHADER_ICD })).toBe('llvmpipe');
    expect(pinnedVulkanDriver({ VK_ICD_FILENAMES: `${SWIFTSHADER_ICD}:${LLVMPIPE_ICD}` })).toBeNull();
    expect(pinnedVulkanDriver({ VK_ICD_FILENAMES: '/nonexistent/icd.json' })).toBeNull();
    expect(pinnedVulkanDriver({})).toBeNull();
  });
});

describe('provider fallback at load time', () => {
  it('falls back to CPU when a requested provider is unavailable, and reports the reason', async () => {
    const reasons: string[] = [];
    const model = await QualityModel.load(FIXTURE_MODEL, {
      providers: ['no-such-provider'],
      intraOpThreads: 1,
      onProviderFallback: (name, reason, kind) => reasons.push(`${kind} ${name}: ${reason}`),
    });
    try {
      expect(model.executionProvider).toBe('cpu');
      expect(model.executionDescription).toBe('CPU, 1 thread');
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/^failed no-such-provider: .*backend not found/);
    } finally {
      await model.close();
    }
  });
});
