import { request } from 'node:http';
import Koa from 'koa';
import { afterEach, describe, expect, test } from 'vitest';
import { silentLogger } from '@dtool-notify/domain';
import { serve } from '../../test/harness.js';
import { handleErrors } from './handle-errors.js';
import { refuseWhileDraining } from './refuse-while-draining.js';

/** POSTs over a keep-alive connection and returns the status and the `Connection` header. */
function post(url: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { connection: 'keep-alive' } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('refuseWhileDraining', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  const start = async (handler: Koa.Middleware, isDraining: () => boolean) => {
    const app = new Koa();
    app.use(handleErrors({ logger: silentLogger, retryAfterSeconds: 5 }));
    app.use(refuseWhileDraining(isDraining));
    app.use(handler);
    const served = await serve(app);
    close = served.close;
    return served.url;
  };

  test('keeps the connection alive while the service runs', async () => {
    const url = await start((ctx) => {
      ctx.body = { ok: true };
    }, () => false);
    expect(await post(url)).toEqual({ status: 200, connection: 'keep-alive' });
  });

  test('closes the connection of a request answered after shutdown began, so the server need not wait for it to idle out', async () => {
    let draining = false;
    const url = await start((ctx) => {
      draining = true;
      ctx.body = { ok: true };
    }, () => draining);
    expect(await post(url)).toEqual({ status: 200, connection: 'close' });
  });

  test('closes it too when that request fails', async () => {
    let draining = false;
    const url = await start(() => {
      draining = true;
      throw new Error('the index went away');
    }, () => draining);
    expect(await post(url)).toEqual({ status: 503, connection: 'close' });
  });
});
