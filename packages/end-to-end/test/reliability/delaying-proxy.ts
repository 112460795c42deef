import { once } from 'node:events';
import net, { type AddressInfo, type Socket } from 'node:net';

/** Longest delay the proxy accepts: every scenario must stay bounded in time. */
const MAX_DELAY_MS = 30_000;

/**
 * A TCP proxy on 127.0.0.1 in front of one upstream (MinIO), to make storage slow, stalled or
 * unreachable for whoever connects through it. Only the client → upstream direction is
 * delayed or held: a request waits, its answer flows as soon as the upstream sends it.
 */
export interface DelayingProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>`, to use as an S3 endpoint. */
  readonly url: string;
  /** Where connections go from now on. */
  setUpstream(port: number): void;
  /** Delays every chunk a client sends by `ms` (0: none). */
  setDelay(ms: number): void;
  /** Forwards nothing a client sends until {@link release}: requests stay in flight. */
  hold(): void;
  release(): void;
  /** Chunks waiting for a delay or a hold to end. */
  readonly pendingChunks: number;
  /** The first line of each waiting chunk (`HEAD /bucket/key HTTP/1.1` for a request's first chunk). */
  readonly pendingLines: readonly string[];
  /** Connections accepted so far. */
  readonly accepted: number;
  /** The first line of the last 500 chunks clients sent, oldest first (to see which requests went out). */
  readonly sentLines: readonly string[];
  /** Stops listening and drops every connection: clients get "connection refused". */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link DelayingProxy}; without an upstream, connections are dropped until one is set. */
export async function startDelayingProxy(options: { readonly upstreamPort?: number } = {}): Promise<DelayingProxy> {
  let upstreamPort = options.upstreamPort;
  let delayMs = 0;
  let held: { readonly released: Promise<void>; readonly release: () => void } | undefined;
  const pending = new Set<{ readonly line: string }>();
  const sent: string[] = [];
  let accepted = 0;
  const sockets = new Set<Socket>();

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = net.createServer((client) => {
    accepted += 1;
    track(client);
    if (upstreamPort === undefined) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: upstreamPort });
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    // One chain per connection keeps the client's bytes in order whatever the delays.
    let chain: Promise<void> = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      const entry = { line: chunk.toString('latin1', 0, Math.min(chunk.length, 512)).split('\r\n')[0] ?? '' };
      pending.add(entry);
      sent.push(entry.line);
      if (sent.length > 500) sent.splice(0, sent.length - 500);
      const wait = delayMs;
      chain = chain
        .then(async () => {
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          while (held !== undefined) await held.released;
        })
        .then(() => {
          if (!upstream.destroyed) upstream.write(chunk);
        })
        .finally(() => pending.delete(entry));
    });
  });

  const listen = async (port: number): Promise<number> => {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  };
  const port = await listen(0);
  const release = (): void => {
    const current = held;
    held = undefined;
    current?.release();
  };
  const stopListening = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setUpstream(next) {
      upstreamPort = next;
    },
    setDelay(ms) {
      if (!(ms >= 0 && ms <= MAX_DELAY_MS)) throw new Error(`delay must be from 0 to ${MAX_DELAY_MS} ms; got ${ms}`);
      delayMs = ms;
    },
    hold() {
      if (held !== undefined) return;
      let open!: () => void;
      const released = new Promise<void>((resolve) => (open = resolve));
      held = { released, release: open };
    },
    release,
    get pendingChunks() {
      return pending.size;
    },
    get pendingLines() {
      return [...pending].map((entry) => entry.line);
    },
    get accepted() {
      return accepted;
    },
    get sentLines() {
      return [...sent];
    },
    refuse: stopListening,
    async accept() {
      if (!server.listening) await listen(port);
    },
    async close() {
      release();
      await stopListening();
    },
  };
}
