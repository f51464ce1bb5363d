/**
 * An error meant for the user: `code` is stable for programs and tests, `message` is written for
 * people. Anything else that escapes is a bug.
 */
export class WinnowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WinnowError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
