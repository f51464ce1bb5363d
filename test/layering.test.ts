import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';

/** Code that must run in plain Node: the CLI, the tests and the browser host run it as the app does. */
const PLAIN_NODE = ['electron/core', 'electron/cli', 'electron/shared'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(c|m)?ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('layering', () => {
  it('keeps electron out of the core, the CLI and the shared contract', () => {
    const offenders: string[] = [];
    for (const dir of PLAIN_NODE) {
      for (const file of sources(path.join(REPO_ROOT, dir))) {
        const text = fs.readFileSync(file, 'utf8');
        if (/from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/.test(text)) offenders.push(path.relative(REPO_ROOT, file));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('has a lint rule that rejects an electron import in the core', async () => {
    const eslint = new ESLint({ cwd: REPO_ROOT });
    const [result] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: path.join(REPO_ROOT, 'electron/core/example.ts') });
    expect(result!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    const [allowed] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: path.join(REPO_ROOT, 'electron/main/example.ts') });
    expect(allowed!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
