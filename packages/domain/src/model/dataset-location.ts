/** Where a dataset lives: enough for a reader to find every object of it. */
export interface DatasetLocation {
  readonly bucket: string;
  /** The configured base URI of the bucket, e.g. `s3://my-bucket` or `ecs://my-bucket`. */
  readonly baseUri: string;
  readonly uuid: string;
  /** The key prefix the dataset sits under (`""` or e.g. `u/alice/`), when known from the key. */
  readonly prefix?: string;
}

/** The dataset's URI: `<base_uri>/<uuid>`, whatever its key prefix. */
export function datasetUri(location: Pick<DatasetLocation, 'baseUri' | 'uuid'>): string {
  return `${location.baseUri}/${location.uuid}`;
}
