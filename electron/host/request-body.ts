import { WinnowError } from '../core/errors.js';

/** Arguments of the API are flat records and lists of ids: nothing legitimate nests deeper. */
export const MAX_DEPTH = 6;
export const MAX_ARGS = 4;

function depth(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return Infinity;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depth(child, limit - 1));
  return deepest + 1;
}

/**
 * The arguments of an API call from its parsed JSON body: an object whose only member is "args",
 * a short list, nested no deeper than MAX_DEPTH. Anything else (null, a bare list, a number, a
 * deeply nested document) is a bad request, refused before any method runs.
 */
export function callArguments(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new WinnowError('BAD_REQUEST', 'the body must be a JSON object {"args": [...]}');
  const keys = Object.keys(body);
  if (keys.some((k) => k !== 'args')) throw new WinnowError('BAD_REQUEST', 'the body may hold only "args"');
  const args = (body as { args?: unknown }).args;
  if (args === undefined) return [];
  if (!Array.isArray(args) || args.length > MAX_ARGS) throw new WinnowError('BAD_REQUEST', 'args must be a short list');
  if (depth(args, MAX_DEPTH + 1) > MAX_DEPTH) throw new WinnowError('BAD_REQUEST', `arguments nest deeper than ${MAX_DEPTH} levels`);
  return args;
}
