import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** Stands where MinIO sends its webhook: keeps every body and forwards it to several services at once. */
export interface NotificationTee {
  /** Every body received, in arrival order (the captured stream). */
  readonly captured: readonly string[];
  /** Deliveries answered so far, by the status MinIO got. */
  readonly answered: Readonly<Record<number, number>>;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1:`port` and posts each notification to every target concurrently;
 * answers 200 only when all of them did (so MinIO's queue redelivers otherwise).
 */
export async function startNotificationTee(port: number, targets: readonly string[]): Promise<NotificationTee> {
  const captured: string[] = [];
  const answered: Record<number, number> = {};
  const forward = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let status = 200;
    if (request.method === 'POST') {
      captured.push(body);
      const statuses = await Promise.all(
        targets.map((target) =>
          fetch(`${target}/webhook/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) }).then(
            async (answer) => {
              await answer.arrayBuffer();
              return answer.status;
            },
            () => 599,
          ),
        ),
      );
      status = statuses.every((each) => each >= 200 && each < 300) ? 200 : 503;
    }
    answered[status] = (answered[status] ?? 0) + 1;
    response.writeHead(status).end();
  };
  const server = createServer((request, response) => {
    forward(request, response).catch(() => response.writeHead(503).end());
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    captured,
    answered,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
