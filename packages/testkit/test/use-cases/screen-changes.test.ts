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
