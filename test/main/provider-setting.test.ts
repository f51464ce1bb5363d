import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVIDER_SETTING, readSettingsFile, resolveProviderSetting } from '../../electron/main/provider-setting.js';
import { tempDir } from '../helpers/paths.js';

describe("the desktop app's provider setting", () => {
  it("is the platform's plan by default", () => {
    expect(resolveProviderSetting([], undefined)).toEqual({ setting: DEFAULT_PROVIDER_SETTING, problems: [] });
  });

  it('comes from settings.json, and the command line wins over it', () => {
    expect(resolveProviderSetting([], { providers: ['WebGPU'], cpuOnly: false }).setting).toEqual({ providers: ['webgpu'], cpuOnly: false });
    expect(resolveProviderSetting(['/opt/Winnow/winnow', '--provider=cuda,webgpu'], { cpuOnly: true }).setting).toEqual({ providers: ['cuda', 'webgpu'], cpuOnly: false });
    expect(resolveProviderSetting(['winnow', '--provider', 'dml'], undefined).setting).toEqual({ providers: ['dml'], cpuOnly: false });
    expect(resolveProviderSetting(['winnow', '--cpu'], { providers: ['webgpu'] }).setting).toEqual({ providers: null, cpuOnly: true });
  });

  it('never stops the app on a bad value: it says why and uses the next source', () => {
    const bad = resolveProviderSetting(['--provider=vulkan'], { providers: ['webgpu'] });
    expect(bad.setting).toEqual({ providers: ['webgpu'], cpuOnly: false });
    expect(bad.problems).toEqual(['--provider ignored: unknown provider "vulkan" (known: cuda, tensorrt, dml, coreml, webgpu, cpu)']);
    const worse = resolveProviderSetting([], { providers: 'webgpu', cpuOnly: 'yes' });
    expect(worse.setting).toEqual(DEFAULT_PROVIDER_SETTING);
    expect(worse.problems).toEqual(['settings: providers ignored: "providers" must be a list of names', 'settings: "cpuOnly" must be true or false']);
    expect(resolveProviderSetting([], [1, 2]).problems).toEqual(['settings: not a JSON object']);
  });

  it('reads settings.json: absent is no setting, broken is a problem', () => {
    const dir = tempDir('winnow-settings-');
    const file = path.join(dir, 'settings.json');
    expect(readSettingsFile(file)).toEqual({ value: undefined, problem: null });
    fs.writeFileSync(file, '{"providers": ["webgpu"]}');
    expect(readSettingsFile(file)).toEqual({ value: { providers: ['webgpu'] }, problem: null });
    fs.writeFileSync(file, '{"providers": [');
    expect(readSettingsFile(file).problem).toMatch(/settings\.json is not valid JSON/);
  });
});
