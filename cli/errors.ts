/** Errors and exit statuses of the command line. */

/** Exit statuses: 0 success, 1 input or processing error, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A mistake in the command line, reported with the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
