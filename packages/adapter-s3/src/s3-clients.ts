import { S3Client } from '@aws-sdk/client-s3';
import type { BucketConnection } from './bucket-connection.js';
import type { RequestCounter } from './request-stats.js';

/** Client settings shared by every bucket. */
export interface ClientSettings {
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

/** One S3 client per distinct endpoint and credentials, created on first use. */
export interface S3Clients {
  clientFor(connection: BucketConnection): S3Client;
  /** Closes every client's sockets. */
  destroy(): void;
}

/** Creates the client pool; every client counts its requests with `counter`. */
export function createS3Clients(settings: ClientSettings, counter: RequestCounter): S3Clients {
  const clients = new Map<string, S3Client>();
  return {
    clientFor(connection) {
      const identity = JSON.stringify([connection.endpoint, connection.accessKeyId, connection.secretAccessKey, connection.region]);
      const existing = clients.get(identity);
      if (existing !== undefined) return existing;
      const client = createClient(connection, settings);
      counter.attachTo(client);
      clients.set(identity, client);
      return client;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

function createClient(connection: BucketConnection, settings: ClientSettings): S3Client {
  const { endpoint, accessKeyId, secretAccessKey } = connection;
  // A custom endpoint (MinIO, StorageGRID, ECS) ignores the region but the signer needs one.
  const region = connection.region ?? (endpoint === undefined ? undefined : 'us-east-1');
  return new S3Client({
    forcePathStyle: true,
    maxAttempts: settings.maxAttempts,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      connectionTimeout: settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    // Reads only: no flexible checksums, which S3-compatible servers support unevenly.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(accessKeyId === undefined || secretAccessKey === undefined ? {} : { credentials: { accessKeyId, secretAccessKey } }),
  });
}
