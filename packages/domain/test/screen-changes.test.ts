import { describe, expect, test } from 'vitest';
import { buildDataset, createInMemoryDatasetIndex, expectedDocument } from '@dtool-notify/testkit';
import type { PartChange } from '../src/model/dataset-fingerprint.js';
import { createChangeScreen } from '../src/sync/screen-changes.js';

const dataset = buildDataset({ bucket: 'b', prefix: 'u/a/' });
const uri = `s3://b/${dataset.uuid}`;
const readme: PartChange = { kind: 'created', part: { kind: 'readme' }, eTag: 'e', sequencer: 'F'.repeat(32) };
const tag: PartChange = { kind: 'removed', part: { kind: 'tag', name: 'raw' } };
const dtool: PartChange = { kind: 'created', part: { kind: 'admin-metadata' }, sequencer: '0' };

describe('createChangeScreen', () => {
  test('syncs a change to the dtool object without asking the index', async () => {
    const index = createInMemoryDatasetIndex();
    expect(await createChangeScreen(index)(uri, [readme, dtool])).toEqual({ sync: true });
    expect(index.counts).toMatchObject({ finds: 0, tickets: 0 });
  });

  test('skips README and tag changes of a dataset the index does not hold, after taking a sync ticket', async () => {
    const index = createInMemoryDatasetIndex();
    expect(await createChangeScreen(index)(uri, [readme, tag])).toEqual({ sync: false, reason: expect.stringContaining('not indexed yet') });
    expect(index.counts).toMatchObject({ finds: 1, tickets: 1 });
    expect(await index.latestSyncTicket(uri)).toBeDefined();
  });

  test('syncs them once the index holds the document, whatever ETag or sequencer they claim', async () => {
    const index = createInMemoryDatasetIndex();
    await index.upsert(expectedDocument(dataset, 's3://b'));
    expect(await createChangeScreen(index)(uri, [readme])).toEqual({ sync: true });
    expect(await createChangeScreen(index)(uri, [tag])).toEqual({ sync: true });
  });
});

describe('createChangeScreen with changes of one dataset at once', () => {
  test('changes notified together share one look-up (one ticket, one find) instead of one each', async () => {
    const index = createInMemoryDatasetIndex();
    const screen = createChangeScreen(index);
    const verdicts = await Promise.all([screen(uri, [readme]), screen(uri, [tag]), screen(uri, [readme, tag])]);
    expect(verdicts.map((verdict) => verdict.sync)).toEqual([false, false, false]);
    expect(index.counts).toMatchObject({ finds: 1, tickets: 1 });
  });

  test('a change notified while a look-up is under way waits for a look-up begun after it, which sees the document', async () => {
    const index = createInMemoryDatasetIndex();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let lookUps = 0;
    const screen = createChangeScreen({
      ...index,
      exists: async (existing: string) => {
        const found = await index.exists(existing);
        lookUps += 1;
        if (lookUps === 1) await held;
        return found;
      },
    });
    const first = screen(uri, [readme]);
    while (lookUps === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    // The first look-up has read "not indexed"; the dataset is indexed before it answers.
    await index.upsert(expectedDocument(dataset, 's3://b'));
    const second = screen(uri, [tag]);
    release();
    expect(await first).toMatchObject({ sync: false });
    expect(await second).toEqual({ sync: true });
    expect(index.counts).toMatchObject({ tickets: 2 });
  });
});
