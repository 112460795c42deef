import { describeDatasetIndexContract } from '@dtool-notify/testkit/contracts';
import { afterAll, beforeAll } from 'vitest';
import { createDserverDatasetIndex, registeredForm, type DserverDatasetIndex } from '../src/index.js';
import { DSERVER_SETUP_MS, startTestDserver, type TestDserver } from './test-dserver.js';
import { grantBaseUri } from './grant-base-uri.js';

const user = 'contract-notifier';
const admin = 'contract-admin';
let dserver: TestDserver;
let index: DserverDatasetIndex;

beforeAll(async () => {
  dserver = await startTestDserver({ users: [{ username: user }, { username: admin, admin: true }] });
  index = await createDserverDatasetIndex({
    settings: { url: dserver.url, credentials: { kind: 'token', token: dserver.tokens[user] ?? '' }, requestTimeoutMs: 10_000, maxConcurrentRequests: 8 },
    baseUris: [],
  });
}, DSERVER_SETUP_MS);

afterAll(async () => {
  await index?.close();
  await dserver?.stop();
});

// dserver keeps what its registration schema names (no dtoolcore_version, no further admin
// metadata keys), answers annotation values as Python text and keeps READMEs as text only.
describeDatasetIndexContract(
  'dserver 0.22 REST API (Mongo search and retrieve plugins on FerretDB)',
  async () => ({ index, prepareBaseUri: (baseUri) => grantBaseUri(dserver, admin, baseUri, user) }),
  { keptForm: registeredForm, keepsParsedYamlReadme: false },
);
