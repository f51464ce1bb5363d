import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { appLocations } from '../../electron/main/app-locations.js';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * build/electron-builder.yml, loaded and validated by electron-builder's own code (the very
 * app-builder-lib that electron-builder will use), then checked for what the app relies on.
 */
interface FileSet {
  readonly from?: string;
  readonly to?: string;
  readonly filter?: string | string[];
}
interface BuilderConfig {
  readonly [key: string]: unknown;
  readonly files?: (string | FileSet)[];
  readonly asarUnpack?: string[];
  readonly extraResources?: FileSet[];
  readonly electronFuses?: Record<string, boolean>;
  readonly linux?: { target?: string[]; icon?: string; files?: string[] };
  readonly win?: { target?: string[]; icon?: string; files?: string[] };
  readonly mac?: { target?: string[]; icon?: string; files?: string[] };
}

const fromBuilder = createRequire(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('electron-builder/package.json'));
const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { minimatch } = fromBuilder(fromBuilder.resolve('minimatch', { paths: [path.dirname(fromBuilder.resolve('app-builder-lib/package.json'))] })) as {
  minimatch(p: string, pattern: string, options?: object): boolean;
};

const CONFIG = 'build/electron-builder.yml';
let config: BuilderConfig;

beforeAll(async () => {
  config = await getConfig(REPO_ROOT, CONFIG, null);
});

function filters(set: FileSet): string[] {
  return set.filter === undefined ? [] : Array.isArray(set.filter) ? set.filter : [set.filter];
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validator is live: a misspelt key is caught.
    await expect(validateConfiguration({ ...config, asarUnpak: ['x'] }, new DebugLogger(false))).rejects.toThrow();
  });

  it('builds AppImage and deb on Linux, NSIS on Windows and a dmg on macOS', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('unpacks native code from the asar: every addon, sharp with libvips, onnxruntime', () => {
    const unpacked = (file: string) => config.asarUnpack!.some((pattern) => minimatch(file, pattern, { dot: true }));
    // The real native files of this install, not a hand-written list.
    const listed = (dir: string) =>
      fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    const native = [...listed('node_modules/@img'), ...listed('node_modules/onnxruntime-node/bin'), ...listed('node_modules/better-sqlite3/build/Release').filter((f) => f.endsWith('.node'))];
    expect(native.some((f) => /libvips-cpp/.test(f)) && native.some((f) => /onnxruntime_binding\.node$/.test(f))).toBe(true);
    for (const file of native) expect(unpacked(file), file).toBe(true);
    expect(unpacked('dist/electron/main/main.js')).toBe(false);
    // ExifTool runs as a child process from a real path (RAW previews).
    for (const file of listed('node_modules/exiftool-vendored.pl/bin').slice(0, 50)) expect(unpacked(file), file).toBe(true);
    expect(unpacked('node_modules/exiftool-vendored.exe/bin/exiftool.exe')).toBe(true);
  });

  it('ships the models and the Electron SQLite addon as resources where main looks for them', () => {
    const resources = config.extraResources!;
    const models = resources.find((r) => r.from === 'models')!;
    expect(models.to).toBe('models');
    expect(filters(models).sort()).toEqual(['*.json', '*.onnx']);
    const native = resources.find((r) => r.to === 'native')!;
    expect(native.from).toBe('dist/native/electron');
    expect(filters(native)).toEqual(['better_sqlite3.node']);

    const packaged = appLocations({ isPackaged: true, appPath: '/r/app.asar', resourcesPath: '/r', userData: '/u', libraryFile: '/u/library.db' });
    expect(packaged.modelFile).toBe(path.join('/r', models.to!, 'winnow-wsp.json'));
    expect(packaged.sqliteBinding).toBe(path.join('/r', native.to!, 'better_sqlite3.node'));
  });

  it('leaves node_modules at Node’s ABI: no rebuild at package time', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
  });

  it('packs the built app and nothing of the CLI, sources or source maps', () => {
    const patterns = config.files!.flatMap((f) => (typeof f === 'string' ? [f] : filters(f)));
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**/*', 'dist/preload/**/*', 'dist/renderer/**/*', '!dist/electron/cli/**', '!**/*.map']));
    expect(patterns.some((p) => /^(electron|renderer|test|models)\//.test(p))).toBe(false);
  });

  it("flips Electron's security fuses", () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it("ships each platform's onnxruntime only", () => {
    const excluded = (platform: 'linux' | 'win' | 'mac', file: string) => config[platform]!.files!.some((p) => minimatch(file, p.slice(1), { dot: true }));
    const ort = (os: string) => `node_modules/onnxruntime-node/bin/napi-v6/${os}/x64/onnxruntime_binding.node`;
    expect([excluded('linux', ort('linux')), excluded('linux', ort('win32')), excluded('linux', ort('darwin'))]).toEqual([false, true, true]);
    expect([excluded('win', ort('win32')), excluded('win', ort('linux'))]).toEqual([false, true]);
    expect([excluded('mac', ort('darwin')), excluded('mac', ort('linux'))]).toEqual([false, true]);
  });
});

describe('icons', () => {
  it.each([1024, 512, 256, 128, 64, 48, 32, 16])('has a %ipx square PNG rendered from the SVG', async (size) => {
    const meta = await sharp(path.join(REPO_ROOT, `build/icons/${size}x${size}.png`)).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['png', size, size, true]);
  });

  it('are the ones the configuration names', () => {
    for (const icon of [config.linux!.icon!, config.win!.icon!, config.mac!.icon!]) expect(fs.existsSync(path.join(REPO_ROOT, icon)), icon).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, 'build/icons/winnow.svg'))).toBe(true);
  });
});

describe('package scripts', () => {
  const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('package with this configuration after building the app and the Electron SQLite addon', () => {
    expect(scripts.package).toContain(`electron-builder --config ${CONFIG}`);
    expect(scripts.package).toMatch(/npm run build && npm run native:electron && electron-builder/);
    expect(scripts['native:electron']).toBe('node build/native-electron.mjs');
    expect(scripts.prestart).toBe('npm run native:electron');
    expect(fs.existsSync(path.join(REPO_ROOT, 'build/native-electron.mjs'))).toBe(true);
  });
});
