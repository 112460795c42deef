import type { DatasetDocument } from '@dtool-notify/domain';
import type { BuiltDataset, DatasetObject } from '@dtool-notify/testkit';

/** What the corpus runs with: the service's byte limit, and how large the big-object cases are. */
export interface CorpusSizes {
  /** `DSERVER_NOTIFY_MAX_DATASET_BYTES` of the service under test. */
  readonly maxDatasetBytes: number;
  readonly bigManifestBytes: number;
  readonly bigReadmeBytes: number;
}

/** The record outcome the service must log for the poisoned dataset, and what the index must show after. */
export type ExpectedOutcome =
  /** A content failure: answered 200, logged at warn, the index entry left as it was. */
  | { readonly outcome: 'failed'; readonly code: 'unreadable' | 'too-large'; readonly reason: RegExp }
  /** Refused by the identity rule: answered 200 with the reason, the index entry left as it was. */
  | { readonly outcome: 'not-a-dataset' | 'unchanged'; readonly reason: RegExp }
  /** Indexed: `check` asserts on the stored document. */
  | { readonly outcome: 'indexed'; readonly check: (document: DatasetDocument) => void };

/**
 * One hostile dataset: a file in `cases/` exporting `hostileCase`. The runner first writes and
 * indexes a good dataset, then writes `poison(dataset)` over it, in order (end with the final
 * `dtool` object, {@link finalDtool}, to have the whole dataset read again).
 */
export interface HostileDatasetCase {
  /** The item of issue 10 the case reproduces. */
  readonly issueItem: number;
  readonly description: string;
  poison(dataset: BuiltDataset, sizes: CorpusSizes): readonly DatasetObject[];
  readonly expected: ExpectedOutcome;
}

/** The frozen dataset's `dtool` object (written last by `dtool copy`): writing it again makes the service read everything. */
export function finalDtool(dataset: BuiltDataset): DatasetObject {
  const last = dataset.objects.at(-1);
  if (last === undefined || !last.key.endsWith('/dtool')) throw new Error('a frozen dataset ends with its dtool object');
  return last;
}

/** The key of one of the dataset's objects: `<prefix><uuid>/<path>`. */
export function keyOf(dataset: BuiltDataset, path: string): string {
  return `${dataset.prefix}${dataset.uuid}/${path}`;
}

/** `levels` nested JSON arrays: valid JSON of 2 × `levels` bytes. */
export function nestedArrays(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}
