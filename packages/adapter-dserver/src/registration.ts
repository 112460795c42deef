import { permanentError, type DatasetDocument } from '@dtool-notify/domain';
import { pythonText } from './python-text.js';

/** The body of `PUT /uris/<uri>`: exactly the fields of dservercore 0.22's `RegisterDatasetSchema`. */
export interface DatasetRegistration {
  readonly uuid: string;
  readonly base_uri: string;
  readonly uri: string;
  readonly name: string;
  readonly type: string;
  readonly readme: string;
  readonly manifest: {
    readonly items: Readonly<Record<string, { hash: string; relpath: string; size_in_bytes: number; utc_timestamp: number }>>;
    readonly hash_function?: string;
    readonly dtoolcore_version?: string;
  };
  readonly creator_username?: string;
  /** POSIX seconds as text (dserver parses it with `float()`). */
  readonly frozen_at: string;
  readonly created_at: string;
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly number_of_items: number;
  readonly size_in_bytes: number;
}

const seconds = (date: Date): string => String(date.getTime() / 1000);

/**
 * The registration dserver accepts for a document. dserver refuses any field its schema does
 * not name (422), so the admin metadata's `dtoolcore_version` and any further keys are left
 * out, as are unknown keys of manifest items. A README stored as parsed YAML (the layout of
 * dtool-lookup-server ≤ 0.17) cannot be registered: dserver keeps README text.
 */
export function toRegistration(document: DatasetDocument): DatasetRegistration {
  if (typeof document.readme !== 'string') {
    throw permanentError(
      `dserver keeps READMEs as text, so ${document.uri} cannot be registered with a parsed-YAML README; use DSERVER_NOTIFY_README_LAYOUT=text with DSERVER_NOTIFY_INDEX=dserver`,
    );
  }
  const { manifest } = document;
  const items = Object.fromEntries(
    Object.entries(manifest.items).map(([id, item]) => [
      id,
      { hash: item.hash, relpath: item.relpath, size_in_bytes: item.size_in_bytes, utc_timestamp: item.utc_timestamp },
    ]),
  );
  return {
    uuid: document.uuid,
    base_uri: document.base_uri,
    uri: document.uri,
    name: document.name,
    type: document.type,
    readme: document.readme,
    manifest: {
      items,
      ...(manifest.hash_function === undefined ? {} : { hash_function: manifest.hash_function }),
      ...(manifest.dtoolcore_version === undefined ? {} : { dtoolcore_version: manifest.dtoolcore_version }),
    },
    ...(document.creator_username === undefined ? {} : { creator_username: document.creator_username }),
    frozen_at: seconds(document.frozen_at),
    created_at: seconds(document.created_at),
    annotations: document.annotations,
    tags: document.tags,
    number_of_items: document.number_of_items,
    size_in_bytes: document.size_in_bytes,
  };
}

/**
 * The document as dserver's API gives it back after {@link toRegistration}: without the
 * fields dserver does not keep, and with annotation values as the text its `/annotations`
 * route answers. Comparing against this tells whether dserver already shows a document.
 */
export function registeredForm(document: DatasetDocument): DatasetDocument {
  const registration = toRegistration(document);
  return {
    uri: registration.uri,
    base_uri: registration.base_uri,
    uuid: registration.uuid,
    name: registration.name,
    type: 'dataset',
    ...(registration.creator_username === undefined ? {} : { creator_username: registration.creator_username }),
    created_at: document.created_at,
    frozen_at: document.frozen_at,
    readme: registration.readme,
    manifest: registration.manifest,
    annotations: Object.fromEntries(Object.entries(registration.annotations).map(([name, value]) => [name, pythonText(value)])),
    tags: [...registration.tags],
    number_of_items: registration.number_of_items,
    size_in_bytes: registration.size_in_bytes,
  };
}
