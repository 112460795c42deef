import { fileURLToPath } from 'node:url';
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { runChecked } from './run-process.js';
import type { PythonTools } from './python-tools.js';

/** One dataset for create-datasets.py to make and freeze. */
export interface DatasetSpec {
  readonly name: string;
  /** `file:///abs/dir` or `s3://bucket`. */
  readonly baseUri: string;
  readonly readme?: string;
  readonly items?: readonly { readonly path: string; readonly relpath: string }[];
  readonly tags?: readonly string[];
  /** Annotation name → its value as JSON text (`2.0` stays a Python float). */
  readonly annotations?: Readonly<Record<string, string>>;
}

const createDatasetsScript = fileURLToPath(new URL('./create-datasets.py', import.meta.url));

/** Makes frozen datasets with dtoolcore (one Python start-up for all); returns their URIs in order. */
export async function createDatasets(tools: PythonTools, env: Readonly<Record<string, string>>, specs: readonly DatasetSpec[]): Promise<string[]> {
  const input = JSON.stringify(
    specs.map((spec) => ({
      name: spec.name,
      base_uri: spec.baseUri,
      readme: spec.readme ?? '',
      items: spec.items ?? [],
      tags: spec.tags ?? [],
      annotations: spec.annotations ?? {},
    })),
  );
  return JSON.parse(await runChecked(tools.python, [createDatasetsScript], { env, input })) as string[];
}

/** Runs the `dtool` command with `env` and returns its standard output, trimmed. */
export async function dtool(tools: PythonTools, env: Readonly<Record<string, string>>, ...args: string[]): Promise<string> {
  return (await runChecked(tools.dtool, args, { env })).trim();
}

/** The UUID at the end of a dataset URI. */
export function uuidOf(uri: string): string {
  const uuid = uri.split('/').pop();
  if (uuid === undefined || uuid === '') throw new Error(`no UUID in ${uri}`);
  return uuid;
}

/**
 * Deletes every object of a dataset, as a user would without a `dtool rm`: the registration
 * key and everything under `<prefix><uuid>/`, in one DeleteObjects request. Returns the keys.
 */
export async function deleteDatasetObjects(client: S3Client, bucket: string, prefix: string, uuid: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${uuid}/` }));
  const keys = [`dtool-${uuid}`, ...(listed.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]))];
  if (listed.IsTruncated === true) throw new Error(`dataset ${uuid} has more objects than one listing holds`);
  await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
  return keys;
}
