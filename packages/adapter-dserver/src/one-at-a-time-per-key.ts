/** Runs tasks so that those of one key never overlap; tasks of different keys run freely. */
export type OneAtATimePerKey = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/**
 * dserver's registration is not safe against itself: its Mongo plugins look a document up
 * and then insert it, so concurrent `PUT`s of one URI leave several copies in the search
 * collection (20 at once gave 3 here). Requests about one URI therefore go one at a time.
 */
export function createOneAtATimePerKey(): OneAtATimePerKey {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
