import { tellObserver, type SyncObserver } from '@dtool-notify/domain';

type ObserverMethod = keyof SyncObserver;

const METHODS: readonly ObserverMethod[] = ['onSyncStarted', 'onOutcome', 'onRecords', 'onNotification', 'onStorageRequest'];

/** One observer that tells each of `observers` in turn; one that throws does not keep the others from hearing. */
export function combineObservers(...observers: readonly SyncObserver[]): SyncObserver {
  const combined: Record<string, (value: never) => void> = {};
  for (const method of METHODS) {
    const listeners = observers.map((observer) => observer[method] as ((value: never) => void) | undefined).filter((listener) => listener !== undefined);
    if (listeners.length === 1) combined[method] = listeners[0] as (value: never) => void;
    else if (listeners.length > 1) combined[method] = (value) => listeners.forEach((listener) => tellObserver(listener, value));
  }
  return combined as SyncObserver;
}
