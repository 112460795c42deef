import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { freePort, startDserver, type DserverHandle } from '@dtool-notify/dev-stack';
import { startServiceProcess, type ServiceProcess } from './reliability/service-process.js';
import { waitFor } from './wait-for.js';

const baseUri = 's3://permissions';

describe('dtool-notify serve with a dserver token whose user may not register', () => {
  let dataDir: string;
  let dserver: DserverHandle;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-dserver-permissions-'));
    dserver = await startDserver({ mongoUri: inject('mongoUri'), database: 'dserver_permissions', dataDir: join(dataDir, 'dserver') });
  }, 10 * 60_000);
  afterAll(async () => {
    await service?.stop();
    await dserver?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('says so in one error line at start-up and on /ready, and is ready once the README\'s last command has been run', async () => {
    // The service user, exactly as the README creates it, minus the register permission.
    for (const command of [['base_uri', 'add', baseUri], ['user', 'add', 'dtool-notify'], ['user', 'search_permission', 'dtool-notify', baseUri]]) {
      expect(dserver.flask(...command), command.join(' ')).toMatchObject({ status: 0 });
    }
    const token = dserver.flask('user', 'token', '--last-forever', 'dtool-notify');
    expect(token.status).toBe(0);
    const port = await freePort();
    service = await startServiceProcess({
      DSERVER_NOTIFY_LOG_LEVEL: 'info',
      DSERVER_NOTIFY_PORT: String(port),
      DSERVER_NOTIFY_BUCKET_TO_BASE_URI: JSON.stringify({ permissions: baseUri }),
      DSERVER_NOTIFY_INDEX: 'dserver',
      DSERVER_URL: dserver.url,
      DSERVER_NOTIFY_DSERVER_TOKEN: token.stdout,
    });
    const errors = service.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toEqual([
      `dserver cannot be used: dserver user "dtool-notify" lacks register permission on ${baseUri}. Register each base URI and grant both ` +
        `(flask base_uri add <base-uri>; flask user search_permission dtool-notify <base-uri>; flask user register_permission dtool-notify <base-uri>)`,
    ]);
    expect(service.output()).not.toContain(token.stdout);
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, unknown> }).checks['dserver']).toEqual({ ok: false, detail: expect.stringContaining('lacks register permission') });

    expect(dserver.flask('user', 'register_permission', 'dtool-notify', baseUri)).toMatchObject({ status: 0 });
    await waitFor('dserver to be ready', async () => {
      const body = (await (await fetch(`${service?.url ?? ''}/ready`)).json()) as { checks: Record<string, { ok: boolean }> };
      return body.checks['dserver']?.ok === true ? true : undefined;
    });
  });
});
