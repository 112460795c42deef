/**
 * Codes of the one failure family, by root cause:
 * - `retryable`: a backend (S3, MongoDB) is unavailable for now: the sender should retry.
 * - `unreadable`, `too-large`: the dataset's content is unparseable, nested too deep, invalid,
 *   or past a size or count limit. Permanent for that content: retrying cannot help, a new
 *   write of the dataset will be read afresh.
 * - `permanent`, `access-denied`: misconfiguration (no such bucket, credentials, a refused write).
 * - `internal`: a programming error. Not retried either: redelivering the same notification
 *   would hit the same bug, and an endless redelivery blocks every later notification.
 */
export type DtoolNotifyErrorCode = 'retryable' | 'unreadable' | 'too-large' | 'permanent' | 'access-denied' | 'internal';

/** A failure of a port or use case, with a literal code that the edges map to responses. */
export class DtoolNotifyError extends Error {
  override readonly name = 'DtoolNotifyError';
  readonly code: DtoolNotifyErrorCode;

  constructor(code: DtoolNotifyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A transient backend failure (unreachable, timeout, throttled, 5xx). */
export function retryableError(message: string, cause?: unknown): DtoolNotifyError {
  return new DtoolNotifyError('retryable', message, { cause });
}

/** A failure that retrying the same notification cannot fix (misconfiguration). */
export function permanentError(message: string, cause?: unknown): DtoolNotifyError {
  return new DtoolNotifyError('permanent', message, { cause });
}

/** Content of a dataset that cannot be read: unparseable, nested too deep, invalid. */
export function unreadableError(message: string): DtoolNotifyError {
  return new DtoolNotifyError('unreadable', message);
}

/** Content of a dataset past a size or count limit. */
export function tooLargeError(message: string): DtoolNotifyError {
  return new DtoolNotifyError('too-large', message);
}

/** True when `error` is a failure the sender should retry later. */
export function isRetryable(error: unknown): boolean {
  return error instanceof DtoolNotifyError && error.code === 'retryable';
}

/** True when the code blames the dataset's content (not a backend, not us). */
export function isContentFailure(code: DtoolNotifyErrorCode): boolean {
  return code === 'unreadable' || code === 'too-large';
}

/**
 * Any thrown value as the error family: a value that is not already a `DtoolNotifyError` is
 * a bug of ours (an adapter classifies every backend failure it knows), so it is `internal`.
 */
export function asNotifyError(error: unknown): DtoolNotifyError {
  if (error instanceof DtoolNotifyError) return error;
  return new DtoolNotifyError('internal', `internal error: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
