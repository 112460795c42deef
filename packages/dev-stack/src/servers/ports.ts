import { once } from 'node:events';
import net from 'node:net';

/** A loopback port held open until `release()`, so nobody, in this process or another, takes it meanwhile. */
export interface PortReservation {
  readonly port: number;
  /** Frees the port for the server about to bind it. */
  release(): Promise<void>;
}

/** Reserves a free TCP port on 127.0.0.1 by binding port 0 and keeping it bound. */
export async function reservePort(): Promise<PortReservation> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  let released: Promise<void> | undefined;
  return { port, release: () => (released ??= new Promise<void>((resolve) => server.close(() => resolve()))) };
}

/**
 * A free TCP port on 127.0.0.1, already released: for a server started at once, inside
 * {@link launchOnFreePort}. A port needed long before its server starts is reserved instead.
 */
export async function freePort(): Promise<number> {
  const reservation = await reservePort();
  await reservation.release();
  return reservation.port;
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
