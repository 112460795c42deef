import { unquoteETag } from '@dtool-notify/domain';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BucketConnection } from './bucket-connection.js';
import { classifyS3Error, toNotifyError } from './s3-error-table.js';

/** One listing page: object keys (and their ETags, unquoted) and, with a delimiter, the common prefixes. */
export interface ListPage {
  readonly keys: readonly string[];
  readonly eTags: ReadonlyMap<string, string>;
  readonly commonPrefixes: readonly string[];
}

/** An object's text and ETag. */
export interface TextObject {
  readonly text: string;
  readonly eTag?: string;
}

/**
 * The S3 operations the reader needs on one bucket. A missing object is `undefined`; every
 * other failure throws `DtoolNotifyError` (see s3-error-table.ts).
 */
export interface BucketObjects {
  readonly bucket: string;
  readonly connection: BucketConnection;
  /** The body as UTF-8 text. */
  getText(key: string): Promise<string | undefined>;
  /** The body as UTF-8 text with the object's ETag (unquoted). */
  getObject(key: string): Promise<TextObject | undefined>;
  /** The user metadata (keys lower-case, values strings). */
  headMetadata(key: string): Promise<{ readonly metadata: Readonly<Record<string, string>>; readonly eTag?: string } | undefined>;
  /** Every page of the keys under `prefix`. */
  listPages(prefix: string, delimiter?: string): AsyncGenerator<ListPage>;
  /** Every key under `prefix`, all pages read. */
  listAllKeys(prefix: string): Promise<string[]>;
  /** Resolves when the bucket exists and the credentials may use it. */
  headBucket(): Promise<void>;
}

/** Binds the S3 operations to one bucket; `pageSize` is ListObjectsV2's MaxKeys. */
export function bucketObjects(client: S3Client, bucket: string, connection: BucketConnection, pageSize: number): BucketObjects {
  const orMissing = async <T>(request: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await request();
    } catch (error) {
      const kind = classifyS3Error(error);
      if (kind === 'missing') return undefined;
      throw toNotifyError(kind, bucket, connection, error);
    }
  };
  // A listing or HEAD of the bucket answered 404 names a missing bucket, not an empty prefix.
  const bucketMustExist = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      const kind = classifyS3Error(error);
      throw toNotifyError(kind === 'missing' ? 'no-such-bucket' : kind, bucket, connection, error);
    }
  };

  const listPages = async function* (prefix: string, delimiter?: string): AsyncGenerator<ListPage> {
    let continuationToken: string | undefined;
    do {
      const command = new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        MaxKeys: pageSize,
        ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
        ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
      });
      const page = await bucketMustExist(() => client.send(command));
      yield {
        keys: (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key])),
        eTags: new Map((page.Contents ?? []).flatMap((object) => (object.Key === undefined || object.ETag === undefined ? [] : [[object.Key, unquoteETag(object.ETag)]]))),
        commonPrefixes: (page.CommonPrefixes ?? []).flatMap((common) => (common.Prefix === undefined ? [] : [common.Prefix])),
      };
      continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  };

  const getObject = (key: string): Promise<TextObject | undefined> =>
    orMissing(async () => {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = (await response.Body?.transformToString('utf-8')) ?? '';
      return response.ETag === undefined ? { text } : { text, eTag: unquoteETag(response.ETag) };
    });

  return {
    bucket,
    connection,
    getObject,
    getText: async (key) => (await getObject(key))?.text,
    headMetadata: (key) =>
      orMissing(async () => {
        const response = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const metadata = response.Metadata ?? {};
        return response.ETag === undefined ? { metadata } : { metadata, eTag: unquoteETag(response.ETag) };
      }),
    listPages,
    async listAllKeys(prefix) {
      const keys: string[] = [];
      for await (const page of listPages(prefix)) keys.push(...page.keys);
      return keys;
    },
    async headBucket() {
      await bucketMustExist(() => client.send(new HeadBucketCommand({ Bucket: bucket })));
    },
  };
}
