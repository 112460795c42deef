import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { inject } from 'vitest';

/** The test run's MongoDB-protocol server and a database only this test file uses. */
export interface TestDatabase {
  readonly uri: string;
  readonly name: string;
  /** A plain driver client, to look at what the adapter stored. */
  readonly client: MongoClient;
  readonly db: Db;
  /** Drops the database and closes the client. */
  drop(): Promise<void>;
}

/** Opens a fresh database on the global setup's server (`inject('mongoUri')`). */
export async function openTestDatabase(label: string): Promise<TestDatabase> {
  const uri = inject('mongoUri');
  const name = `dtool_notify_${label}_${randomUUID().slice(0, 8)}`;
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 }).connect();
  const db = client.db(name);
  return {
    uri,
    name,
    client,
    db,
    async drop() {
      await db.dropDatabase();
      await client.close();
    },
  };
}
