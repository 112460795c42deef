import { once } from 'node:events';
import net from 'node:net';

/** Finds a free TCP port on 127.0.0.1 by binding port 0. */
export async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Retries a launch on a fresh port when the chosen one was taken in the meantime. */
export async function launchOnFreePort(build, attempts = 3) {
  for (let i = 1; ; i++) {
    try {
      return await build();
    } catch (err) {
      if (i >= attempts || !/address already in use|EADDRINUSE/i.test(err.message)) throw err;
    }
  }
}
