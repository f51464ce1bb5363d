/**
 * IPC arguments arrive structured-cloned from an untrusted page. The API contract promises plain
 * data (what JSON can carry, as the browser host's HTTP transport also requires), so anything
 * else is refused before a service method sees it: Maps, Dates, typed arrays, BigInts, NaN,
 * prototype keys, deep nesting and oversized values. Field-level meaning is checked by the core
 * service itself (for example sanitiseListQuery).
 */

export const MAX_ARGS = 4;
const MAX_DEPTH = 8;
const MAX_NODES = 20_000;
const MAX_STRING = 64 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Returns why `args` are unacceptable, or null when they are plain data within bounds. */
export function ipcArgumentProblem(args: readonly unknown[]): string | null {
  if (args.length > MAX_ARGS) return `too many arguments (${args.length})`;
  let nodes = 0;
  const visit = (value: unknown, depth: number): string | null => {
    if (++nodes > MAX_NODES) return 'argument too large';
    if (value === null || value === undefined || typeof value === 'boolean') return null;
    if (typeof value === 'number') return Number.isFinite(value) ? null : 'non-finite number';
    if (typeof value === 'string') return value.length <= MAX_STRING ? null : 'string too long';
    if (typeof value !== 'object') return `unsupported ${typeof value}`;
    if (depth >= MAX_DEPTH) return 'argument nested too deeply';
    if (Array.isArray(value)) {
      for (const item of value) {
        const problem = visit(item, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    if (!isPlainObject(value)) return 'not plain data';
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `forbidden key ${key}`;
      const problem = visit(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  for (const arg of args) {
    const problem = visit(arg, 0);
    if (problem) return problem;
  }
  return null;
}
