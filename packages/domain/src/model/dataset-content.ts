/** dtool's administrative metadata (`<uuid>/dtool`), with timestamps as numbers. */
export interface AdminMetadata {
  readonly uuid: string;
  readonly name: string;
  readonly type: 'dataset' | 'protodataset';
  readonly creator_username?: string;
  readonly dtoolcore_version?: string;
  /** POSIX seconds. */
  readonly created_at?: number;
  /** POSIX seconds; present once frozen. */
  readonly frozen_at?: number;
  /** Any further keys dtool or a user wrote, kept as they are. */
  readonly [key: string]: unknown;
}

/** One item of a dtool manifest. */
export interface ManifestItem {
  readonly relpath: string;
  readonly size_in_bytes: number;
  readonly hash: string;
  readonly utc_timestamp: number;
}

/** `<uuid>/manifest.json`. */
export interface Manifest {
  readonly dtoolcore_version?: string;
  readonly hash_function?: string;
  readonly items: Readonly<Record<string, ManifestItem>>;
}

/** Everything the index document is built from, as a reader returns it. */
export interface DatasetContent {
  readonly adminMetadata: AdminMetadata;
  /** README.yml as text (`""` when missing or empty). */
  readonly readme: string;
  readonly manifest: Manifest;
  readonly tags: readonly string[];
  readonly annotations: Readonly<Record<string, unknown>>;
}
