import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** The S3 requests a process sent about one dataset. */
export interface DatasetRequests {
  requests: number;
  /** Response body bytes, as `content-length` said (HEAD responses carry none). */
  bytes: number;
  /** GETs of `manifest.json`: one per full read of the dataset. */
  fullReads: number;
  listings: number;
  byOperation: Record<string, number>;
}

/** Per-dataset counts of the HTTP requests a process sends to one S3 endpoint. */
export interface S3RequestTally {
  byDataset(): Readonly<Record<string, DatasetRequests>>;
  reset(): void;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Watches Node's HTTP client diagnostics channels and counts every request to `endpointHost`
 * (`host:port`) under the dataset UUID its path or listing prefix names. Seen from the wire,
 * so it counts what the SDK really sends, retries included.
 */
export function createS3RequestTally(endpointHost: string): S3RequestTally {
  let datasets = new Map<string, DatasetRequests>();
  const tracked = new WeakMap<ClientRequest, DatasetRequests>();
  subscribe('http.client.request.start', (message) => {
    const request = (message as { request: ClientRequest }).request;
    if (request.getHeader('host') !== endpointHost) return;
    const path = decodeURIComponent(request.path);
    const uuid = UUID.exec(path)?.[0]?.toLowerCase() ?? '(none)';
    const entry = datasets.get(uuid) ?? { requests: 0, bytes: 0, fullReads: 0, listings: 0, byOperation: {} };
    datasets.set(uuid, entry);
    const isListing = /[?&]list-type=2/.test(path);
    const operation = isListing ? 'LIST' : `${request.method} ${datasetPart(path)}`;
    entry.requests += 1;
    if (isListing) entry.listings += 1;
    if (request.method === 'GET' && !isListing && /\/manifest\.json(\?|$)/.test(path)) entry.fullReads += 1;
    entry.byOperation[operation] = (entry.byOperation[operation] ?? 0) + 1;
    tracked.set(request, entry);
  });
  subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const entry = tracked.get(request);
    if (entry === undefined || request.method === 'HEAD') return;
    const length = Number(response.headers['content-length'] ?? 0);
    if (Number.isFinite(length)) entry.bytes += length;
  });
  return {
    byDataset: () => Object.fromEntries(datasets),
    reset() {
      datasets = new Map();
    },
  };
}

/** `dtool`, `README.yml`, `annotations/*`… of a request path (query left out). */
function datasetPart(path: string): string {
  const plain = path.split('?')[0] ?? '';
  const match = UUID.exec(plain);
  if (match === null) return plain.slice(plain.lastIndexOf('/') + 1);
  const part = plain.slice(match.index + match[0].length + 1);
  return part.startsWith('annotations/') ? 'annotations/*' : part === '' ? '(registration key)' : part;
}
