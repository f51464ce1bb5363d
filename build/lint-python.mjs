// Lints the training pipeline's Python with ruff's WebAssembly build, configured by pyproject.toml.
// The WASM build needs no Python package index, so the check runs wherever npm ci ran.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace, PositionEncoding } from '@astral-sh/ruff-wasm-nodejs';
import { parse } from 'smol-toml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = parse(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8')).tool.ruff;
const workspace = new Workspace(config, PositionEncoding.Utf16);

function pythonFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__pycache__' ? [] : pythonFiles(p);
    return e.name.endsWith('.py') ? [p] : [];
  });
}

let count = 0;
const files = pythonFiles(path.join(root, 'models'));
for (const file of files) {
  for (const d of workspace.check(fs.readFileSync(file, 'utf8'))) {
    count++;
    console.log(`${path.relative(root, file)}:${d.start_location.row}:${d.start_location.column}: ${d.code ?? ''} ${d.message}`);
  }
}
console.log(`ruff ${Workspace.version()}: ${files.length} files, ${count} problem${count === 1 ? '' : 's'}`);
process.exit(count > 0 ? 1 : 0);
