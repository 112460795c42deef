import { once } from 'node:events';
import { createServer } from 'node:http';

/** Stands where MinIO sends its webhook and hands each notification to one service instance. */
export interface NotificationRouter {
  /** Deliveries to the instances, by instance URL and the status it answered (599: no answer). */
  readonly answered: Readonly<Record<string, Readonly<Record<number, number>>>>;
  /** Every delivery answered so far, in the order the answers came. */
  readonly deliveries: readonly { readonly target: string; readonly body: string; readonly status: number }[];
  /** Settles once every delivery started so far has been answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1:`port`, answers MinIO 200 at once (so a slow instance holds up no later
 * event) and posts the body to the instance `route` picks for it: a load balancer that spreads
 * one dataset's events over several instances, the situation of issue 10 item 12.
 */
export async function startNotificationRouter(port: number, route: (body: string) => string): Promise<NotificationRouter> {
  const answered: Record<string, Record<number, number>> = {};
  const deliveries = new Set<Promise<void>>();
  const answers: { target: string; body: string; status: number }[] = [];
  const deliver = async (target: string, body: string): Promise<void> => {
    const status = await fetch(`${target}/webhook/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(60_000),
    }).then(
      async (answer) => {
        await answer.arrayBuffer();
        return answer.status;
      },
      () => 599,
    );
    answers.push({ target, body, status });
    const counts = (answered[target] ??= {});
    counts[status] = (counts[status] ?? 0) + 1;
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200).end();
      if (request.method !== 'POST') return;
      const body = Buffer.concat(chunks).toString('utf8');
      const delivery = deliver(route(body), body).finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    answered,
    deliveries: answers,
    async idle() {
      while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
