import { describe, expect, test } from 'vitest';
import type { ListedFingerprint, ManifestReader } from '../ports/manifest-reader.port.js';
import { createListedFingerprints } from './listed-fingerprints.js';

const BUCKET = 'listed';
const fingerprint = { eTags: { dtool: 'd', manifest: 'm', annotations: {} }, tags: [] };

/** Three datasets under each prefix, with uuids in order; a reader that only lists them and records each listing opened. */
function bucketWith(prefixes: readonly string[]) {
  const datasets = prefixes.flatMap((prefix, p) => [1, 2, 3].map((n) => ({ prefix, uuid: `${n}000000${p}-0000-4000-8000-000000000000` })));
  datasets.sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
  const opened: string[] = [];
  const reader = {
    async *listFingerprints(_bucket: string, prefix: string, fromUuid?: string): AsyncGenerator<ListedFingerprint> {
      opened.push(`${prefix}@${fromUuid ?? ''}`);
      for (const dataset of datasets) if (dataset.prefix === prefix && (fromUuid === undefined || dataset.uuid >= fromUuid)) yield { uuid: dataset.uuid, fingerprint };
    },
  } as unknown as ManifestReader;
  return { datasets, reader, opened };
}

describe('createListedFingerprints', () => {
  test('answers datasets asked in uuid order from one listing per prefix: found, or gone when the listing has no dtool there', async () => {
    const { datasets, reader, opened } = bucketWith(['u/a/', 'u/b/']);
    const listings = createListedFingerprints(reader, BUCKET);
    for (const dataset of datasets) expect(await listings.lookUp(dataset.prefix, dataset.uuid)).toEqual({ status: 'found', fingerprint });
    expect(opened).toHaveLength(2);
    expect(await listings.lookUp('u/a/', 'ffffffff-ffff-4fff-8fff-ffffffffffff')).toEqual({ status: 'gone' });
    await listings.close();
  });

  test('cannot tell a dataset asked out of uuid order (the caller looks at it alone)', async () => {
    const { datasets, reader } = bucketWith(['u/a/']);
    const [first, second] = datasets;
    if (first === undefined || second === undefined) throw new Error('expected three datasets');
    const listings = createListedFingerprints(reader, BUCKET);
    expect(await listings.lookUp('u/a/', second.uuid)).toMatchObject({ status: 'found' });
    expect(await listings.lookUp('u/a/', first.uuid)).toBeUndefined();
    await listings.close();
  });

  test('keeps at most maxOpen prefixes listed, reopening a closed one at the uuid asked', async () => {
    const { datasets, reader, opened } = bucketWith(['u/a/', 'u/b/', 'u/c/']);
    const listings = createListedFingerprints(reader, BUCKET, 1);
    for (const dataset of datasets) expect(await listings.lookUp(dataset.prefix, dataset.uuid)).toMatchObject({ status: 'found' });
    // Each change of prefix closes the one open and opens a listing at the dataset asked.
    const changes = datasets.filter((dataset, position) => position === 0 || datasets[position - 1]?.prefix !== dataset.prefix);
    expect(opened).toEqual(changes.map((dataset) => `${dataset.prefix}@${dataset.uuid}`));
    await listings.close();
  });
});
