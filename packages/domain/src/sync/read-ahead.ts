/** An async iterator that reads its source ahead of the consumer; `return()` stops the source. */
export type ReadAhead<T> = AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> };

/**
 * Iterates `source` up to `depth` items ahead of the consumer, starting at once: the source's
 * work (storage listings) overlaps whatever the consumer waits for meanwhile (the index), and
 * memory stays bounded by `depth` items. The source is read one item at a time, in order. A
 * failure of the source is thrown at the consumer's next item past those already read;
 * `return()` (a `break` out of `for await`) waits for the item being read and ends the source.
 * For one consumer: `next()` is not called again before the previous call has settled.
 */
export function readAhead<T>(source: AsyncIterable<T>, depth: number): ReadAhead<T> {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`readAhead: depth must be a whole number of at least 1; got ${depth}`);
  const iterator = source[Symbol.asyncIterator]();
  const buffered: IteratorResult<T>[] = [];
  let failure: { readonly error: unknown } | undefined;
  let reading: Promise<void> | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const read = async (): Promise<void> => {
    try {
      while (!stopped && failure === undefined && buffered.length < depth && buffered.at(-1)?.done !== true) {
        buffered.push(await iterator.next());
        wake?.();
      }
    } catch (error) {
      failure = { error };
      wake?.();
    } finally {
      reading = undefined;
    }
  };
  const fill = (): void => {
    reading ??= read();
  };
  fill();
  const ahead: ReadAhead<T> = {
    async next() {
      for (;;) {
        const step = buffered.shift();
        if (step !== undefined) {
          if (step.done !== true) fill();
          else buffered.unshift(step);
          return step;
        }
        if (failure !== undefined) throw failure.error;
        if (stopped) return { done: true, value: undefined };
        const woken = new Promise<void>((resolve) => (wake = resolve));
        fill();
        await woken;
        wake = undefined;
      }
    },
    async return() {
      stopped = true;
      buffered.length = 0;
      await reading;
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return ahead;
    },
  };
  return ahead;
}
