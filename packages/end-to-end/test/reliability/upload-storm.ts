import { buildDataset, writeDataset, type BuiltDataset, type DatasetObject, type DatasetStorage } from '@dtool-notify/testkit';

/** A {@link DatasetStorage} that counts writes and can hold them, to inject a fault part-way through a storm. */
export interface CountingStorage extends DatasetStorage {
  readonly written: number;
  /** Resolves once `count` objects have been written. */
  whenWritten(count: number): Promise<void>;
  /** Lets the first `count` writes through and holds the rest until {@link resume}; resolves once those are done. */
  pauseAfter(count: number): Promise<void>;
  resume(): void;
}

/** Wraps `storage`, counting every completed put and delete. */
export function countingStorage(storage: DatasetStorage): CountingStorage {
  let written = 0;
  let started = 0;
  let pause: { readonly after: number; readonly resumed: Promise<void>; readonly resume: () => void } | undefined;
  const waiting: { count: number; resolve: () => void }[] = [];
  const count = (): void => {
    written += 1;
    for (const waiter of waiting.filter((candidate) => candidate.count <= written)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const write = async (run: () => Promise<void>): Promise<void> => {
    started += 1;
    if (pause !== undefined && started > pause.after) await pause.resumed;
    await run();
    count();
  };
  const whenWritten = (target: number): Promise<void> =>
    written >= target ? Promise.resolve() : new Promise((resolve) => waiting.push({ count: target, resolve }));
  return {
    bucket: storage.bucket,
    put: (object: DatasetObject) => write(() => storage.put(object)),
    delete: (key: string) => write(() => storage.delete(key)),
    get written() {
      return written;
    },
    whenWritten,
    pauseAfter(after) {
      let resume!: () => void;
      const resumed = new Promise<void>((resolve) => (resume = resolve));
      pause = { after, resumed, resume };
      return whenWritten(after);
    },
    resume() {
      pause?.resume();
      pause = undefined;
    },
  };
}

/** `datasets` frozen datasets of `items` items each, with a README, tags and an annotation. */
export function buildStorm(bucket: string, options: { readonly datasets: number; readonly items: number; readonly prefix?: string }): BuiltDataset[] {
  return Array.from({ length: options.datasets }, (_, position) =>
    buildDataset({
      bucket,
      prefix: options.prefix ?? `u/storm${position % 2}/`,
      items: options.items,
      readme: `---\ndescription: storm dataset ${position}\n`,
      tags: ['storm', `batch-${position % 3}`],
      annotations: { position },
    }),
  );
}

/** Options of {@link uploadStorm}. */
export interface StormOptions {
  /** Items each upload writes at once (default 4). */
  readonly itemConcurrency?: number;
  /** Each upload starts this long after the previous one (default 0: all at once). */
  readonly staggerMs?: number;
}

/** Writes the datasets concurrently, each as `dtool copy` would. */
export async function uploadStorm(storage: DatasetStorage, datasets: readonly BuiltDataset[], options: StormOptions = {}): Promise<void> {
  const { itemConcurrency = 4, staggerMs = 0 } = options;
  await Promise.all(
    datasets.map(async (dataset, position) => {
      if (staggerMs > 0) await new Promise((resolve) => setTimeout(resolve, position * staggerMs));
      await writeDataset(storage, dataset, { concurrency: itemConcurrency });
    }),
  );
}

/** How many objects a storm writes. */
export function objectCount(datasets: readonly BuiltDataset[]): number {
  return datasets.reduce((sum, dataset) => sum + dataset.objects.length, 0);
}
