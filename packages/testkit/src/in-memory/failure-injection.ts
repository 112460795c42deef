import { retryableError } from '@dtool-notify/domain';

/** Called before every request an in-memory adapter makes; may delay it (await) or throw to fail it. */
export type BeforeRequest<Request> = (request: Request) => void | Promise<void>;

/** Lets a test make an in-memory adapter fail, as a flaky backend would. */
export interface FailureInjection {
  /**
   * Fails the next `count` requests with `error` (default: a `DtoolNotifyError('retryable')`
   * naming the request), then lets requests through again.
   */
  failNext(count: number, error?: unknown): void;
}

/** The gate every request of an in-memory adapter passes through. */
export interface RequestGate<Request> extends FailureInjection {
  pass(request: Request): Promise<void>;
}

/** Creates a {@link RequestGate}: the `beforeRequest` hook runs first, then pending `failNext` failures. */
export function createRequestGate<Request>(
  beforeRequest: BeforeRequest<Request> | undefined,
  describe: (request: Request) => string,
): RequestGate<Request> {
  let remaining = 0;
  let failure: { error: unknown } | undefined;
  return {
    failNext(count, error) {
      remaining = Math.max(0, Math.floor(count));
      failure = error === undefined ? undefined : { error };
    },
    async pass(request) {
      if (beforeRequest !== undefined) await beforeRequest(request);
      if (remaining === 0) return;
      remaining -= 1;
      throw failure === undefined ? retryableError(`simulated transient failure of ${describe(request)}`) : failure.error;
    },
  };
}
