// Builds better-sqlite3 for Electron's ABI into dist/native/electron/better_sqlite3.node, without
// touching node_modules (which keeps Node's ABI for the tests and the CLI). The app opens SQLite
// through better-sqlite3's `nativeBinding` option pointing at this file (electron/main/app-locations.ts);
// electron-builder ships it as an extra resource. `npm start` and `npm run package` run this first;
// it does nothing when the build for this Electron version, platform and arch is already there.
//
// Needs Node 22.12+ (as @electron/rebuild and electron-builder do) and the network once per Electron version: @electron/rebuild fetches a prebuilt binary
// (prebuild-install, from GitHub) or else Electron's headers to compile with node-gyp.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'native', 'electron');
const addon = path.join(outDir, 'better_sqlite3.node');
const stampFile = path.join(outDir, 'build-info.json');
// Staged inside the repository so @electron/rebuild finds prebuild-install and node-gyp in the
// project's node_modules by walking up from the module.
const stage = path.join(root, 'dist', 'native', 'stage');

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const sqlitePackage = path.join(root, 'node_modules', 'better-sqlite3');
const wanted = {
  electron: readJson(path.join(root, 'node_modules', 'electron', 'package.json')).version,
  betterSqlite3: readJson(path.join(sqlitePackage, 'package.json')).version,
  platform: process.platform,
  arch: process.env.npm_config_arch || process.arch,
};

const stamp = fs.existsSync(stampFile) ? readJson(stampFile) : null;
if (fs.existsSync(addon) && stamp && Object.entries(wanted).every(([k, v]) => stamp[k] === v)) {
  console.log(`better-sqlite3 for Electron ${wanted.electron} (${wanted.platform}-${wanted.arch}) is up to date`);
  process.exit(0);
}

console.log(`building better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron} (${wanted.platform}-${wanted.arch})`);
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(path.join(stage, 'node_modules'), { recursive: true });
fs.cpSync(sqlitePackage, path.join(stage, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.startsWith(path.join(sqlitePackage, 'build')),
});
fs.writeFileSync(
  path.join(stage, 'package.json'),
  JSON.stringify({ name: 'winnow-native-stage', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': wanted.betterSqlite3 } }),
);

const { rebuild } = await import('@electron/rebuild');
try {
  await rebuild({ buildPath: stage, electronVersion: wanted.electron, arch: wanted.arch, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
} catch (err) {
  fs.rmSync(stage, { recursive: true, force: true });
  console.error(`could not build better-sqlite3 for Electron: ${err instanceof Error ? err.message : err}`);
  console.error('This needs the network once (a prebuilt binary from GitHub, or Electron headers and a C++ toolchain).');
  process.exit(1);
}

const built = path.join(stage, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(built, addon);
fs.writeFileSync(stampFile, `${JSON.stringify({ ...wanted, abi: fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim() }, null, 2)}\n`);
fs.rmSync(stage, { recursive: true, force: true });
console.log(`wrote ${path.relative(root, addon)}`);
