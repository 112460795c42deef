/**
 * The baseline of the ignorable flood: a bare Koa app with one JSON route that reads the
 * body, parses it and answers a small JSON object, served with the same HTTP server settings
 * as the service (see src/compose/create-service.ts). `node bare-koa.js <port>`.
 */
import { createServer } from 'node:http';
import Koa from 'koa';

const port = Number(process.argv[2]);
const app = new Koa();
app.use(async (ctx) => {
  if (ctx.method !== 'POST' || !ctx.path.startsWith('/webhook/notify')) {
    ctx.status = 404;
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Records?: unknown[] };
  ctx.body = { received: body.Records?.length ?? 0 };
});
const server = createServer(app.callback());
server.headersTimeout = 10_000;
server.requestTimeout = 60_000;
server.keepAliveTimeout = 5_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening on ${port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
