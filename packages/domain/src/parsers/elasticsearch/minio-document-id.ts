import { encodeBase64Url, encodeUtf8 } from './byte-encoding.js';
import { highwayHash256 } from './highway-hash.js';

/**
 * The HighwayHash key MinIO's Elasticsearch target uses: the HighwayHash-256 of the first
 * 100 decimals of π under a zero key (internal/event/target/elasticsearch.go).
 */
const MINIO_DOCUMENT_ID_KEY = Uint8Array.from([
  0x4b, 0xe7, 0x34, 0xfa, 0x8e, 0x23, 0x8a, 0xcd, 0x26, 0x3e, 0x83, 0xe6, 0xbb, 0x96, 0x85, 0x52,
  0x04, 0x0f, 0x93, 0x5d, 0xa3, 0x9f, 0x44, 0x14, 0x97, 0xe0, 0x9d, 0x13, 0x22, 0xde, 0x36, 0xa0,
]);

/**
 * The document id MinIO's Elasticsearch target (`format=namespace`, Elasticsearch ≥ 7) gives
 * an object: URL-safe base64 (padded) of the HighwayHash-256 of `<bucket>/<key>`, with the
 * key decoded. MinIO PUTs `<index>/_doc/<id>` with the event as body when an object is
 * written, and for `s3:ObjectRemoved:Delete` sends `HEAD` then a body-less `DELETE` of the
 * same id: this function lets the HTTP layer map such a DELETE back to a bucket and key.
 */
export function minioElasticsearchDocumentId(bucket: string, key: string): string {
  return encodeBase64Url(highwayHash256(MINIO_DOCUMENT_ID_KEY, encodeUtf8(`${bucket}/${key}`)));
}
