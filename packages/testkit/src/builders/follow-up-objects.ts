import type { DatasetLocation } from '@dtool-notify/domain';
import type { BuiltDataset, DatasetObject } from './dataset-object.js';
import { datasetKey } from './dtool-layout.js';
import { pythonJson } from './python-json.js';

/** The object `dtool tag set` writes to add `tag` to a dataset. */
export function tagObject(dataset: BuiltDataset, tag: string): DatasetObject {
  return { key: datasetKey(dataset, `tags/${tag}`), body: '' };
}

/** The object `dtool annotation set` writes to set annotation `name` to `value`. */
export function annotationObject(dataset: BuiltDataset, name: string, value: unknown): DatasetObject {
  return { key: datasetKey(dataset, `annotations/${name}.json`), body: pythonJson(value) };
}

/** The README.yml object `dtool readme write` writes with `text`. */
export function readmeObject(dataset: BuiltDataset, text: string): DatasetObject {
  return { key: datasetKey(dataset, 'README.yml'), body: text };
}

/** Every key of the dataset once, in write order (the registration key first, `dtool` at its first write). */
export function datasetKeys(dataset: BuiltDataset): string[] {
  return [...new Set(dataset.objects.map((object) => object.key))];
}

/**
 * The dataset's location as the domain passes it to a reader; `withPrefix: false` leaves the
 * prefix out, as for a registration-key event (the reader must look it up).
 */
export function datasetLocation(dataset: BuiltDataset, baseUri: string, options: { readonly withPrefix?: boolean } = {}): DatasetLocation {
  const location = { bucket: dataset.bucket, baseUri, uuid: dataset.uuid };
  return options.withPrefix === false ? location : { ...location, prefix: dataset.prefix };
}
