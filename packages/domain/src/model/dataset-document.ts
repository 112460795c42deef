import type { Manifest } from './dataset-content.js';

/**
 * How the README is stored: `text` as dserver's Mongo plugins read it (the README verbatim),
 * `parsed-yaml` as dtool-lookup-server ≤ 0.17 did (the README parsed as a YAML object).
 */
export type ReadmeLayout = 'text' | 'parsed-yaml';

/** One dataset's document in the index, keyed by `uri`. */
export interface DatasetDocument {
  readonly uri: string;
  readonly base_uri: string;
  readonly uuid: string;
  readonly name: string;
  readonly type: 'dataset';
  readonly creator_username?: string;
  readonly dtoolcore_version?: string;
  readonly created_at: Date;
  readonly frozen_at: Date;
  /** README text, or (legacy layout) the README parsed as YAML. */
  readonly readme: unknown;
  readonly manifest: Manifest;
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly number_of_items: number;
  readonly size_in_bytes: number;
  /** Further admin-metadata keys, kept as they are. */
  readonly [key: string]: unknown;
}
