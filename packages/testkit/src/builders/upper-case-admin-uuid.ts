import type { BuiltDataset } from './dataset-object.js';

/**
 * `dataset` with the uuid in its admin metadata (every `dtool` object's body and S3 user
 * metadata) in upper case and its keys unchanged: what the identity rule refuses, as the uuid
 * of the key must be the dataset's own.
 */
export function withUpperCaseAdminUuid(dataset: BuiltDataset): BuiltDataset {
  const upper = dataset.uuid.toUpperCase();
  return {
    ...dataset,
    objects: dataset.objects.map((object) =>
      object.key.endsWith('/dtool')
        ? {
            ...object,
            body: (typeof object.body === 'string' ? object.body : new TextDecoder().decode(object.body)).replaceAll(dataset.uuid, upper),
            metadata: Object.fromEntries(Object.entries(object.metadata ?? {}).map(([key, value]) => [key, value.replaceAll(dataset.uuid, upper)])),
          }
        : object,
    ),
  };
}
