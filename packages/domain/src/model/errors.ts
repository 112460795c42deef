/**
 * Codes of the one failure family. `retryable`: a backend is unavailable for now (the
 * sender should retry). The rest are permanent: retrying the same notification will not help.
 */
export type DtoolNotifyErrorCode = 'retryable' | 'permanent' | 'too-large' | 'access-denied';

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

/** A failure that retrying the same notification cannot fix (bad data, misconfiguration). */
export function permanentError(message: string, cause?: unknown): DtoolNotifyError {
  return new DtoolNotifyError('permanent', message, { cause });
}

/** True when `error` is a failure the sender should retry later. */
export function isRetryable(error: unknown): boolean {
  return error instanceof DtoolNotifyError && error.code === 'retryable';
}
