/**
 * Bounds on what is read from storage. Anyone who may write to a bucket controls its objects,
 * so every size, depth and count the reader meets has a limit (configurable, with safe defaults).
 */
export interface StorageLimits {
  /**
   * Bytes read for one dataset, all of its objects together (`dtool` body, README.yml,
   * manifest.json, annotations); each object stops downloading at what remains. It bounds
   * the memory one sync takes; a dataset past it cannot fit MongoDB's 16 MiB anyway.
   */
  readonly maxDatasetBytes: number;
  /**
   * Bytes all dataset reads of the process hold at once (at least `maxDatasetBytes`): a read
   * that would pass it fails as retryable, so concurrent syncs cannot add up without bound.
   */
  readonly maxBytesInFlight: number;
  /** Nesting depth of a JSON object read (`dtool`, manifest.json, an annotation). */
  readonly maxJsonDepth: number;
  /** Nesting depth of README.yml where it is parsed (`parsed-yaml` layout), checked on the text before parsing. */
  readonly maxYamlDepth: number;
  /** Size of README.yml where it is parsed (`parsed-yaml` layout), in bytes of UTF-8. */
  readonly maxYamlBytes: number;
  /** Annotations read per dataset. */
  readonly maxAnnotations: number;
  /** Tags read per dataset. */
  readonly maxTags: number;
}

/**
 * The defaults. 32 MiB per dataset: dtool's indented manifest JSON of a document that just
 * fits 16 MiB of BSON is about 21 MiB. Depth 64: MongoDB refuses documents nested past 100
 * levels, and a value read sits at most three levels down in the document (`manifest.items.<id>`).
 */
export const DEFAULT_STORAGE_LIMITS: StorageLimits = {
  maxDatasetBytes: 32 * 1024 * 1024,
  maxBytesInFlight: 64 * 1024 * 1024,
  maxJsonDepth: 64,
  maxYamlDepth: 64,
  maxYamlBytes: 1024 * 1024,
  maxAnnotations: 1_000,
  maxTags: 10_000,
};
