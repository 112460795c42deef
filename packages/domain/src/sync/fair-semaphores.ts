import { createSemaphore, type Semaphore } from './semaphore.js';

/**
 * Slots shared by groups (buckets) so that no group can take them all: a group runs at most
 * `perGroup` tasks at once, and waits for its own slot before it queues for a shared one, so
 * a stalled group's backlog never stands in front of another group's work.
 */
export function createFairSemaphores(total: number, perGroup: number): (group: string) => Semaphore {
  const shared = createSemaphore(total);
  const groups = new Map<string, Semaphore>();
  return (group) => {
    let gate = groups.get(group);
    if (gate === undefined) {
      const own = createSemaphore(perGroup);
      gate = {
        run: (task) => own.run(() => shared.run(task)),
        get active() {
          return own.active;
        },
        get waiting() {
          return own.waiting;
        },
      };
      groups.set(group, gate);
    }
    return gate;
  };
}
