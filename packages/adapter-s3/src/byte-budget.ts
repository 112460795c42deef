import { tooLargeError } from '@dtool-notify/domain';

/** Bytes that a read may still download; shared by the objects of one dataset read. */
export interface ByteBudget {
  /** Takes `bytes` of `key` from the budget, or throws `DtoolNotifyError('too-large')` past it. */
  spend(key: string, bytes: number): void;
}

/**
 * A budget of `limit` bytes. `what` names the limit in the failure, e.g. "read per dataset":
 * the failure names the object that crossed it, which is where a user looks.
 */
export function createByteBudget(limit: number, what: string): ByteBudget {
  let spent = 0;
  return {
    spend(key, bytes) {
      spent += bytes;
      if (spent > limit) throw tooLargeError(`reading "${key}" went past ${limit} bytes, the most ${what}`);
    },
  };
}
