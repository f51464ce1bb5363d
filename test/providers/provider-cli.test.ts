import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODEL, REPO_ROOT, realPhotos, tempDir } from '../helpers/paths.js';
import { LLVMPIPE_ICD, vulkanEnv } from '../helpers/vulkan.js';

const CLI = path.join(REPO_ROOT, 'electron/cli/winnow.ts');

function winnow(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, WINNOW_MODEL: FIXTURE_MODEL, ...env },
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('--provider on the command line', () => {
  it('falls back from WebGPU on llvmpipe, which Dawn refuses, once, and says so in the first line and in list', () => {
    const lib = tempDir('winnow-llvmpipe-lib-');
    for (const p of realPhotos(3)) fs.copyFileSync(p, path.join(lib, path.basename(p)));
    const db = path.join(tempDir('winnow-llvmpipe-'), 'library.db');
    const r = winnow(['scan', lib, '--db', db, '--provider', 'webgpu', '--threads', '1'], vulkanEnv(LLVMPIPE_ICD));
    expect(r.code, r.stderr).toBe(0);
    // Dawn's own warning names what llvmpipe lacks; onnxruntime reports that no adapter was found.
    expect(r.stderr).toMatch(/shaderUniform\*ArrayDynamicIndexing required/);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^Scanning .* with tiny-wsp 1\.0\.0 on CPU, 1 thread \(passed over: webgpu: session creation failed: Failed to get a WebGPU adapter: No supported adapters\)$/,
    );
    expect(r.stdout).toMatch(/3 photos found, 3 scored, 0 failed/);
    const list = winnow(['list', '--db', db]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Scored on CPU: 3 photos$/m);
    expect(list.stdout).toMatch(/^Last scan of .*: on CPU, 1 thread \(passed over: webgpu: session creation failed: .*No supported adapters\)$/m);
  });

  it('refuses an unknown provider and --cpu with another provider as usage errors', () => {
    const unknown = winnow(['scan', '.', '--provider', 'webgpu,vulkan']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--provider: unknown provider "vulkan" \(known: cuda, tensorrt, dml, coreml, webgpu, cpu\)/);
    const both = winnow(['serve', '--cpu', '--provider', 'webgpu']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--cpu and --provider ask for different things/);
  });
});
