import fs from 'node:fs';
import path from 'node:path';

/** Vulkan drivers that run on the CPU, by the file name of their library. */
const SOFTWARE_DRIVERS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /swiftshader/i, name: 'SwiftShader' },
  { pattern: /(^|[^a-z])lvp|llvmpipe/i, name: 'llvmpipe' },
];

/**
 * Names the Vulkan driver WebGPU runs on when the environment pins exactly one (VK_ICD_FILENAMES,
 * or VK_DRIVER_FILES in newer loaders), as CI does to select SwiftShader. onnxruntime-node does not
 * report the adapter Dawn chose, so without such a pin the adapter stays unnamed rather than
 * guessed.
 */
export function pinnedVulkanDriver(env: NodeJS.ProcessEnv = process.env): string | null {
  const list = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
  if (!list) return null;
  const files = list.split(path.delimiter).filter((f) => f.length > 0);
  if (files.length !== 1) return null;
  let library: string;
  try {
    const manifest = JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as { ICD?: { library_path?: unknown } };
    library = typeof manifest.ICD?.library_path === 'string' ? manifest.ICD.library_path : '';
  } catch {
    return null;
  }
  const base = path.basename(library).replace(/\.(so(\.\d+)*|dll|dylib)$/, '').replace(/^lib/, '');
  if (!base) return null;
  return SOFTWARE_DRIVERS.find((d) => d.pattern.test(base))?.name ?? base;
}
