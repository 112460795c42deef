import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { pingMongo, startFerretDb } from './mongo.js';

// Every port "picked" is one another server already holds: the race between pick and start,
// lost every time. A server that binds port 0 itself never picks, so it cannot lose it.
const taken = vi.hoisted(() => ({ port: 0 }));
vi.mock('./ports.js', async (original) => ({ ...(await original<typeof import('./ports.js')>()), freePort: async () => taken.port }));

describe('startFerretDb without a port', () => {
  const occupier = net.createServer();
  beforeAll(async () => {
    occupier.listen(0, '127.0.0.1');
    await once(occupier, 'listening');
    taken.port = (occupier.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => occupier.close(() => resolve())));

  test('binds port 0 and reports the port it got, so a port taken by someone else is never its own', async () => {
    const mongo = await startFerretDb({ engine: 'ferretdb' });
    try {
      expect(mongo.port).not.toBe(taken.port);
      expect(mongo.uri).toBe(`mongodb://127.0.0.1:${mongo.port}/`);
      expect(await pingMongo(mongo.port)).toBe(true);
    } finally {
      await mongo.stop();
    }
  }, 60_000);
});
