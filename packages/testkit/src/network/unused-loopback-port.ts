import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that nothing listens on (bound once, then released), for "server is
 * down" tests: connecting to it is refused at once.
 */
export async function unusedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('unusedLoopbackPort: no TCP address');
  return address.port;
}
