import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SignJWT, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { freePort, startServerProcess, type ServerProcess } from '@dtool-notify/dev-stack';
import { requireBuiltCli } from '../reliability/service-process.js';
import { HOSTILE_BUCKET, HOSTILE_KEY, HOSTILE_KEY_ENCODED, HOSTILE_UUID, startHostileStack, type HostileStack } from './hostile-stack.js';
import { sendRaw, type RawAnswer } from './raw-http.js';

const TOKEN = 'n0tify-T0ken-h0stile-5ecret';
const MONGO_PASSWORD = 'M0ngo-Pa55w0rd-5ecret';
const WRONG_S3_SECRET = 'Wr0ng-S3-5ecret-Acce55-Key';
const WRONG_BUCKET = 'wrong-secret-bucket';

/** Each secret as it could leak: as is, URL-encoded, and base64 (of itself and as a basic-auth password). */
function leakForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(`elastic:${secret}`).toString('base64')];
}

/** `dtool-notify serve` (the built CLI) run to its end with `env` only: its exit code and everything it printed. */
async function runCli(env: Readonly<Record<string, string>>): Promise<{ exitCode: number | undefined; output: string }> {
  const result = await execa(process.execPath, [requireBuiltCli(), 'serve'], { env: { PATH: process.env['PATH'] ?? '', ...env }, extendEnv: false, stdin: 'ignore', all: true, reject: false });
  return { exitCode: result.exitCode, output: result.all };
}

function request(port: number, method: string, path: string, headers: Readonly<Record<string, string>> = {}, body = ''): Promise<RawAnswer> {
  const lines = Object.entries({ Host: `127.0.0.1:${port}`, ...headers, ...(body === '' ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) });
  const head = `${method} ${path} HTTP/1.1\r\n${lines.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
  return sendRaw({ host: '127.0.0.1', port, parts: [Buffer.from(head + body)], bodyless: method === 'HEAD' });
}

describe('no secret in any log line or answer of the real service at debug level', () => {
  let hostile: HostileStack;
  let service: ServerProcess;
  // Every line, not only the runner's last ones: a secret anywhere in the log fails the test.
  const lines: string[] = [];
  let port: number;
  let secrets: string[];
  let validJwt: string;
  const answers: RawAnswer[] = [];

  beforeAll(async () => {
    hostile = await startHostileStack();
    const { stack } = hostile;
    port = await freePort();
    const keys = await generateKeyPair('RS256');
    validJwt = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime('5m').sign(keys.privateKey);
    // FerretDB without authentication accepts any PLAIN credentials, so they can sit in the URI
    // the service really connects with; mongod would refuse them, and then only the start-up
    // test below carries Mongo credentials.
    const withCredentials = stack.mongo.engine === 'ferretdb';
    const mongoUri = withCredentials
      ? `${stack.mongoUri.replace('mongodb://', `mongodb://dtool:${MONGO_PASSWORD}@`)}?authMechanism=PLAIN&authSource=%24external`
      : stack.mongoUri;
    secrets = [TOKEN, stack.s3.secretAccessKey, WRONG_S3_SECRET, validJwt, ...(withCredentials ? [MONGO_PASSWORD] : [])];
    service = await startServerProcess({
      name: 'dtool-notify serve',
      command: process.execPath,
      args: [requireBuiltCli(), 'serve'],
      inheritEnv: false,
      onOutput: (line) => lines.push(line),
      timeoutMs: 30_000,
      isReady: async () => (await request(port, 'GET', '/health')).status === 200,
      env: {
        PATH: process.env['PATH'] ?? '',
        ...stack.serviceEnv,
        DSERVER_NOTIFY_BUCKET_TO_BASE_URI: JSON.stringify({ [HOSTILE_BUCKET]: `s3://${HOSTILE_BUCKET}`, [WRONG_BUCKET]: `s3://${WRONG_BUCKET}` }),
        [`DTOOL_S3_ENDPOINT_${WRONG_BUCKET}`]: stack.s3.endpoint,
        [`DTOOL_S3_ACCESS_KEY_ID_${WRONG_BUCKET}`]: stack.s3.accessKeyId,
        [`DTOOL_S3_SECRET_ACCESS_KEY_${WRONG_BUCKET}`]: WRONG_S3_SECRET,
        DSERVER_NOTIFY_PORT: String(port),
        DSERVER_NOTIFY_AUTH_TOKEN: TOKEN,
        DSERVER_NOTIFY_LOG_LEVEL: 'debug',
        DSERVER_NOTIFY_BODY_LIMIT: '65536',
        JWT_PUBLIC_KEY: await exportSPKI(keys.publicKey),
        SEARCH_MONGO_URI: mongoUri,
      },
    });
  });

  afterAll(async () => {
    await service?.stop();
    await hostile?.stack.stop();
  });

  test('traffic of every kind, then SIGTERM: the captured output holds none of the configured secrets', async () => {
    const [BUCKET, KEY, KEY_ENCODED, UUID] = [HOSTILE_BUCKET, HOSTILE_KEY, HOSTILE_KEY_ENCODED, HOSTILE_UUID];
    const notification = (bucket: string, key: string): string =>
      JSON.stringify({ Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key } } }] });
    const json = { 'Content-Type': 'application/json' };
    const bearer = { ...json, Authorization: `Bearer ${TOKEN}` };
    const send = async (method: string, path: string, headers: Readonly<Record<string, string>>, body = ''): Promise<RawAnswer> => {
      const answer = await request(port, method, path, headers, body);
      answers.push(answer);
      return answer;
    };

    expect((await send('POST', '/webhook/notify', bearer, notification(BUCKET, KEY_ENCODED))).status).toBe(200);
    const basic = { ...json, Authorization: `Basic ${Buffer.from(`elastic:${TOKEN}`).toString('base64')}` };
    expect((await send('PUT', `/elastic-search/notify/all/${BUCKET}_${KEY}`, basic, '{}')).status).toBe(200);
    expect((await send('POST', `/webhook/notify?token=${TOKEN}&auth=${encodeURIComponent(TOKEN)}`, bearer, notification(BUCKET, KEY_ENCODED))).status).toBe(200);
    for (const authorization of [`Bearer ${TOKEN}-wrong`, `Bearer ${TOKEN.slice(1)}`, `Token ${TOKEN}`, TOKEN, `Basic ${Buffer.from(`user:${TOKEN}x`).toString('base64')}`]) {
      expect((await send('POST', '/webhook/notify', { ...json, Authorization: authorization }, notification(BUCKET, KEY_ENCODED))).status).toBe(401);
    }
    expect((await send('POST', '/webhook/notify', json, notification(BUCKET, KEY_ENCODED))).status).toBe(401);
    expect((await send('POST', '/webhook/notify', bearer, `{"Records": [{"eventName": "${TOKEN}"`)).status).toBe(400);
    expect((await send('POST', '/webhook/notify', bearer, ' '.repeat(70_000))).status).toBe(413);
    expect((await send('POST', '/webhook/notify', { ...bearer, 'Content-Type': 'image/png' }, '{}')).status).toBe(415);
    // The storage refuses the wrong secret: the record fails and the failure is logged.
    const denied = await send('POST', '/webhook/notify', bearer, notification(WRONG_BUCKET, encodeURIComponent(`u/x/${UUID}/dtool`)));
    expect(denied.status).toBe(200);
    expect(JSON.parse(denied.body)).toMatchObject({ summary: { failed: 1 } });
    const config = await send('GET', '/webhook/config', { Authorization: `Bearer ${TOKEN}` });
    expect(config.status).toBe(200);
    expect(JSON.parse(config.body)).toMatchObject({ auth_token_configured: true, jwt_public_key_configured: true });
    expect((await send('GET', '/elastic-search/config', { Authorization: `Bearer ${validJwt}` })).status).toBe(200);
    expect((await send('GET', '/webhook/config', { Authorization: `Bearer ${validJwt}x` })).status).toBe(401);
    expect((await send('GET', '/ready', {})).status).toBe(401);
    expect((await send('GET', '/ready', { Authorization: `Bearer ${TOKEN}` })).status).toBe(503);
    expect((await send('HEAD', '/webhook/notify', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);

    service.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    const output = lines.join('\n');
    // The output is what it should be: JSON lines of every kind of event, at debug level.
    for (const event of ['"event":"request"', '"event":"record"', '"event":"unauthorized"', '"outcome":"indexed"', '"outcome":"failed"', '"event":"stopped"']) {
      expect(output).toContain(event);
    }
    expect(output).toMatch(/access to S3 bucket \\"wrong-secret-bucket\\"|access-denied/);
    for (const secret of secrets) {
      for (const form of leakForms(secret)) {
        expect(output.includes(form), `a form of a secret (${secret.slice(0, 4)}…) is in the log`).toBe(false);
        for (const answer of answers) expect(answer.body.includes(form), `a form of a secret is in an answer: ${answer.body.slice(0, 200)}`).toBe(false);
      }
    }
    if (secrets.includes(MONGO_PASSWORD)) expect(JSON.parse(config.body)).toMatchObject({ mongo_uri: expect.stringContaining('dtool:***@') });
  });
});

describe('start-up problems', () => {
  test('the configuration problem message names every problem but repeats no secret', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const privatePem = await exportPKCS8(privateKey);
    const run = runCli({
      DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}',
      DSERVER_NOTIFY_AUTH_TOKEN: 'sh0rt-5ecret',
      JWT_PUBLIC_KEY: privatePem,
      SEARCH_MONGO_URI: 'postgres://dtool:Pg-Pa55-5ecret@db.example.org/dtool',
      DTOOL_S3_ENDPOINT_b: 'https://AKIAEXAMPLE:Endp0int-5ecret@minio.example.org',
      DTOOL_S3_SECRET_ACCESS_KEY_b: 'L0ne-S3-5ecret',
      DSERVER_NOTIFY_PORT: 'eighty',
    });
    const { exitCode, output } = await run;
    expect(exitCode).toBe(2);
    expect(output).toContain('dtool-notify cannot start');
    for (const variable of ['DSERVER_NOTIFY_AUTH_TOKEN', 'JWT_PUBLIC_KEY', 'SEARCH_MONGO_URI', 'DTOOL_S3_ENDPOINT_b', 'DTOOL_S3_ACCESS_KEY_ID_b', 'DSERVER_NOTIFY_PORT']) {
      expect(output).toContain(variable);
    }
    const privateBody = privatePem.split('\n')[1] ?? 'unreachable';
    for (const secret of ['sh0rt-5ecret', 'Pg-Pa55-5ecret', 'Endp0int-5ecret', 'L0ne-S3-5ecret', privateBody, 'BEGIN PRIVATE KEY']) {
      expect(output, `the start-up message repeats ${secret.slice(0, 6)}…`).not.toContain(secret);
    }
  });

  test('an unreachable MongoDB with credentials in its URI fails start-up without showing them', async () => {
    const deadPort = await freePort();
    const run = runCli({
      DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}',
      DSERVER_NOTIFY_PORT: '0',
      DSERVER_NOTIFY_LOG_LEVEL: 'debug',
      SEARCH_MONGO_URI: `mongodb://dtool:Unreach-5ecret@127.0.0.1:${deadPort}/?authMechanism=PLAIN&authSource=%24external&serverSelectionTimeoutMS=1000`,
    });
    const { exitCode, output } = await run;
    expect(exitCode).toBe(1);
    expect(output).toMatch(/dtool-notify: .*(start-up|connect|ECONNREFUSED)/i);
    expect(output).not.toContain('Unreach-5ecret');
  });
});
