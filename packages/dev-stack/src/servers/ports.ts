import { once } from 'node:events';
import net from 'node:net';

/** Finds a free TCP port on 127.0.0.1 by binding port 0. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Retries a launch on a fresh port when the chosen one was taken in the meantime. */
export async function launchOnFreePort<T>(launch: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launch();
    } catch (error) {
      if (attempt >= attempts || !/address already in use|EADDRINUSE/i.test(error instanceof Error ? error.message : '')) throw error;
    }
  }
}
