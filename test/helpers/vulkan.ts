import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './paths.js';

/** Debian chromium's SwiftShader Vulkan driver: a software GPU that Dawn (WebGPU) accepts. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** Mesa's llvmpipe Vulkan driver (mesa-vulkan-drivers): Dawn refuses it. */
export const LLVMPIPE_ICD = '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json';

/**
 * The environment that pins WebGPU to one Vulkan driver. The loader reads it when Dawn first
 * creates its instance, so a test sets it before any WebGPU session in its process (vitest runs
 * each file in its own fork), or passes it to a child process.
 */
export function vulkanEnv(icd: string): { VK_ICD_FILENAMES: string; XDG_RUNTIME_DIR: string } {
  for (const file of [icd, '/usr/lib/x86_64-linux-gnu/libvulkan.so.1']) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: install chromium, libvulkan1 and mesa-vulkan-drivers (as .ci/run does)`);
  }
  let runtime = process.env.XDG_RUNTIME_DIR;
  if (!runtime || !fs.existsSync(runtime)) {
    runtime = tempDir('winnow-xdg-');
    fs.chmodSync(runtime, 0o700);
  }
  return { VK_ICD_FILENAMES: path.resolve(icd), XDG_RUNTIME_DIR: runtime };
}
