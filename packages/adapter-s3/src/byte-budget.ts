import { retryableError, tooLargeError } from '@dtool-notify/domain';

/** Bytes that a read may still download; shared by the objects of one dataset read. */
export interface ByteBudget {
  /** Takes `bytes` of `key` from the budget, or throws `DtoolNotifyError` past it. */
  spend(key: string, bytes: number): void;
}

/** The bytes all dataset reads of the process hold at once (downloaded, parsed, not yet released). */
export interface BytesInFlight {
  /** Takes `bytes`, or throws `DtoolNotifyError('retryable')` when the process holds too many already. */
  take(bytes: number): void;
  release(bytes: number): void;
  readonly held: number;
}

/**
 * The process-wide bound on bytes read at once: a dataset read that would take the total past
 * `limit` fails as retryable (the service is busy with other large datasets; the sender's
 * retry comes when they are done), so the concurrent syncs' memory is bounded whatever their number.
 */
export function createBytesInFlight(limit: number): BytesInFlight {
  let held = 0;
  return {
    take(bytes) {
      if (held + bytes > limit) {
        throw retryableError(`other dataset reads hold ${held} bytes; at most ${limit} are read at once (DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT); retry later`);
      }
      held += bytes;
    },
    release(bytes) {
      held -= bytes;
    },
    get held() {
      return held;
    },
  };
}

/** A dataset read's budget, to be settled when the read ends. */
export interface DatasetBudget extends ByteBudget {
  /** Gives the bytes taken from the process back (call once, when the read has settled). */
  settle(): void;
}

/**
 * A budget of `limit` bytes for one dataset read, also taken from the process's bytes in
 * flight. `what` names the limit in the failure, which names the object that crossed it.
 */
export function createByteBudget(limit: number, what: string, inFlight?: BytesInFlight): DatasetBudget {
  let spent = 0;
  let taken = 0;
  return {
    spend(key, bytes) {
      if (spent + bytes > limit) {
        // Spent stays past the limit: the read's other downloads stop at their next chunk.
        spent += bytes;
        throw tooLargeError(`reading "${key}" went past ${limit} bytes, the most ${what}`);
      }
      inFlight?.take(bytes);
      spent += bytes;
      taken += bytes;
    },
    settle() {
      inFlight?.release(taken);
      taken = 0;
    },
  };
}
