import { once } from 'node:events';
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { startServerProcess } from '../process/start-server-process.js';
import { freePort, launchOnFreePort, reservePort } from './ports.js';

/** Listens on `port` as another server would; rejects with EADDRINUSE when it is taken. */
async function occupy(port: number): Promise<net.Server> {
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  return server;
}

const close = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('ports for servers started later', () => {
  test('a reserved port cannot be taken by another server until it is released, then it can', async () => {
    const reservation = await reservePort();
    await expect(occupy(reservation.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await reservation.release();
    await close(await occupy(reservation.port));
  });

  test('a server whose port is taken between pick and start is started again on a fresh port', async () => {
    const picked: number[] = [];
    let taken: net.Server | undefined;
    const server = await launchOnFreePort(async () => {
      const port = await freePort();
      picked.push(port);
      // The race, provoked: someone else binds the port after it was picked.
      if (taken === undefined) taken = await occupy(port);
      // Ready when it says so: a probe of the port would be answered by the occupier too.
      let listening = false;
      return startServerProcess({
        name: 'listener',
        command: process.execPath,
        args: ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`],
        timeoutMs: 10_000,
        onOutput: (line) => (listening ||= line === 'listening'),
        isReady: () => Promise.resolve(listening),
      });
    });
    try {
      expect(picked).toHaveLength(2);
      expect(picked[1]).not.toBe(picked[0]);
    } finally {
      await server.stop();
      if (taken !== undefined) await close(taken);
    }
  });
});
