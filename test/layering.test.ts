import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';

/** Code that must run in plain Node: the CLI, the tests and the browser host run it as the app does. */
const PLAIN_NODE = ['electron/core', 'electron/cli', 'electron/host', 'electron/shared'];

function sources(dir: string, pattern = /\.(c|m)?ts$/): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

/**
 * ESLint for snippets under made-up file names: the type-aware rules need a file a tsconfig
 * includes, so they are off here (the import rules under test need no types).
 */
function snippetLinter(): ESLint {
  return new ESLint({
    cwd: REPO_ROOT,
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
}

/** Where a relative specifier lands, from the repository root. */
function target(file: string, specifier: string): string {
  return path.relative(REPO_ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
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

  it('keeps electron/shared free of imports from outside it', () => {
    const offenders: string[] = [];
    for (const file of sources(path.join(REPO_ROOT, 'electron/shared'))) {
      for (const spec of specifiers(file)) {
        if (!spec.startsWith('./') || !target(file, spec).startsWith('electron/shared/')) offenders.push(`${path.relative(REPO_ROOT, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('lets the renderer import, of the app, only electron/shared', () => {
    const offenders: string[] = [];
    for (const file of sources(path.join(REPO_ROOT, 'renderer/src'), /\.(ts|svelte)$/)) {
      for (const spec of specifiers(file)) {
        if (spec === 'electron' || spec.startsWith('node:')) offenders.push(`${path.relative(REPO_ROOT, file)}: ${spec}`);
        if (!spec.startsWith('.')) continue;
        const where = target(file, spec);
        if (!where.startsWith('renderer/') && !where.startsWith('electron/shared/')) offenders.push(`${path.relative(REPO_ROOT, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps SQL inside electron/core/store', () => {
    // A statement keyword in a string literal, or a call that runs SQL on a connection.
    const SQL = /(['"`])\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|WITH)\s[^'"`]*|\.(prepare|pragma)\(|\bdb\.exec\(/;
    const offenders: string[] = [];
    for (const file of sources(path.join(REPO_ROOT, 'electron'))) {
      const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
      if (rel.startsWith('electron/core/store/')) continue;
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (SQL.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('has lint rules for the shared contract and the renderer', async () => {
    const eslint = snippetLinter();
    const ruleIds = async (code: string, file: string) => (await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) }))[0]!.messages.map((m) => m.ruleId);
    expect(await ruleIds("import type { Root } from '../core/store/types.js';\nexport type X = Root;\n", 'electron/shared/example.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import fs from 'node:fs';\nexport const x = fs;\n", 'electron/shared/example.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import type { Root } from './library-types.js';\nexport type X = Root;\n", 'electron/shared/example.ts')).not.toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '../../../electron/core/errors';\nexport const y = x;\n", 'renderer/src/lib/example.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import type { Root } from '../../../electron/shared/api-contract';\nexport type X = Root;\n", 'renderer/src/lib/example.ts')).not.toContain('no-restricted-imports');
  });

  it('type-checks the preload and lints promise handling with types everywhere but .svelte files', async () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(REPO_ROOT, 'tsconfig.test.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    expect(config.fileNames.map((f) => path.relative(REPO_ROOT, f).split(path.sep).join('/'))).toContain('electron/preload/preload.ts');
    const eslint = new ESLint({ cwd: REPO_ROOT });
    for (const file of ['electron/preload/preload.ts', 'electron/core/library-service.ts', 'test/layering.test.ts', 'bench/run-bench.ts', 'renderer/src/lib/format.ts']) {
      const rules = ((await eslint.calculateConfigForFile(path.join(REPO_ROOT, file))) as { rules: Record<string, unknown> }).rules;
      for (const rule of ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises']) expect([file, rule, rules[rule]]).toEqual([file, rule, [2]]);
    }
  });

  it('has a lint rule that rejects an electron import in the core', async () => {
    const eslint = snippetLinter();
    const [result] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: path.join(REPO_ROOT, 'electron/core/example.ts') });
    expect(result!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    const [allowed] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: path.join(REPO_ROOT, 'electron/main/example.ts') });
    expect(allowed!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
