import { DtoolNotifyError, unquoteETag } from '@dtool-notify/domain';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BucketConnection } from './bucket-connection.js';
import { createByteBudget, type ByteBudget } from './byte-budget.js';
import { classifyS3Error, toNotifyError } from './s3-error-table.js';

/** One listing page: object keys (and their ETags, unquoted) and, with a delimiter, the common prefixes. */
interface ListPage {
  readonly keys: readonly string[];
  readonly eTags: ReadonlyMap<string, string>;
  readonly commonPrefixes: readonly string[];
}

/** S3 object keys are at most 1024 bytes, so a registration key's body (a prefix) is too. */
const MAX_PREFIX_BYTES = 1024;

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
  /** The body of a registration key (a prefix, at most 1024 bytes) as UTF-8 text. */
  getPrefixText(key: string): Promise<string | undefined>;
  /** The same with the registration key's ETag (unquoted). */
  getPrefixObject(key: string): Promise<TextObject | undefined>;
  /**
   * The body as UTF-8 text with the object's ETag (unquoted), its bytes taken from `budget`:
   * the download stops as soon as the budget is spent (at once when `Content-Length` says so).
   */
  getObject(key: string, budget: ByteBudget): Promise<TextObject | undefined>;
  /** The user metadata (keys lower-case, values strings). */
  headMetadata(key: string): Promise<{ readonly metadata: Readonly<Record<string, string>>; readonly eTag?: string } | undefined>;
  /** Every page of the keys under `prefix`. */
  listPages(prefix: string, delimiter?: string): AsyncGenerator<ListPage>;
  /**
   * One page of the keys under `prefix` after the key `startAfter` (from the start when
   * `undefined`), and whether more follow: a listing that may jump ahead between pages.
   */
  listPageAfter(prefix: string, startAfter: string | undefined): Promise<ListPage & { readonly truncated: boolean }>;
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
      // Already classified: a body past its byte budget.
      if (error instanceof DtoolNotifyError) throw error;
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

  const listPage = async (input: Omit<ListObjectsV2CommandInput, 'Bucket' | 'MaxKeys'>): Promise<ListPage & { truncated: boolean; next?: string }> => {
    const page = await bucketMustExist(() => client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: pageSize, ...input })));
    return {
      keys: (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key])),
      eTags: new Map((page.Contents ?? []).flatMap((object) => (object.Key === undefined || object.ETag === undefined ? [] : [[object.Key, unquoteETag(object.ETag)]]))),
      commonPrefixes: (page.CommonPrefixes ?? []).flatMap((common) => (common.Prefix === undefined ? [] : [common.Prefix])),
      truncated: page.IsTruncated === true,
      ...(page.NextContinuationToken === undefined ? {} : { next: page.NextContinuationToken }),
    };
  };

  const listPages = async function* (prefix: string, delimiter?: string): AsyncGenerator<ListPage> {
    let continuationToken: string | undefined;
    do {
      const page = await listPage({
        Prefix: prefix,
        ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
        ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
      });
      yield page;
      continuationToken = page.truncated ? page.next : undefined;
    } while (continuationToken !== undefined);
  };

  const getObject = (key: string, budget: ByteBudget): Promise<TextObject | undefined> =>
    orMissing(async () => {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = await readBody(key, response.Body as AsyncIterable<Uint8Array> | undefined, response.ContentLength, budget);
      return response.ETag === undefined ? { text } : { text, eTag: unquoteETag(response.ETag) };
    });

  const getPrefixObject = (key: string): Promise<TextObject | undefined> =>
    getObject(key, createByteBudget(MAX_PREFIX_BYTES, 'a registration key holds'));

  return {
    bucket,
    connection,
    getObject,
    getPrefixText: async (key) => (await getPrefixObject(key))?.text,
    getPrefixObject,
    headMetadata: (key) =>
      orMissing(async () => {
        const response = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const metadata = response.Metadata ?? {};
        return response.ETag === undefined ? { metadata } : { metadata, eTag: unquoteETag(response.ETag) };
      }),
    listPages,
    async listPageAfter(prefix, startAfter) {
      const { keys, eTags, commonPrefixes, truncated } = await listPage({ Prefix: prefix, ...(startAfter === undefined ? {} : { StartAfter: startAfter }) });
      return { keys, eTags, commonPrefixes, truncated };
    },
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

/**
 * Reads a body chunk by chunk, spending its bytes as they arrive: the announced length at
 * once when there is one (a body past the budget is not downloaded at all), else each chunk.
 * Leaving the loop early (a throw) destroys the stream, which closes the connection.
 */
async function readBody(key: string, body: AsyncIterable<Uint8Array> | undefined, contentLength: number | undefined, budget: ByteBudget): Promise<string> {
  if (body === undefined) return '';
  const announced = contentLength !== undefined && contentLength >= 0;
  if (announced) {
    try {
      budget.spend(key, contentLength);
    } catch (error) {
      (body as { destroy?: () => void }).destroy?.();
      throw error;
    }
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of body) {
    received += chunk.byteLength;
    if (!announced) budget.spend(key, chunk.byteLength);
    else if (received > contentLength) budget.spend(key, Number.POSITIVE_INFINITY);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf-8');
}
