import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDataset, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import { waitFor } from '../wait-for.js';

const token = 'e2e-status-token-0123456789';
/** Debian's chromium, installed by `npm run dev-stack -- install system`; no browser is downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe('GET /status in headless Chromium, after a real upload and a poison dataset', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run "npm run dev-stack -- install system" (Debian's chromium package)`);
    [stack, browser] = await Promise.all([
      startLocalStack({ authToken: token, bucket: 'e2e-status' }),
      // Root in a container has no user namespace for Chromium's sandbox.
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('shows the indexed dataset among recent outcomes, the poison one as not in the index with its reason, the chart and the counters', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    const good = buildDataset({ bucket: stack.bucket, items: 2, name: 'good-dataset' });
    const built = buildDataset({ bucket: stack.bucket, items: 1, name: 'poison-dataset' });
    const poison: BuiltDataset = {
      ...built,
      objects: built.objects.map((object) => (object.key.endsWith('/manifest.json') ? { key: object.key, body: '{"items": not json' } : object)),
    };
    await writeDataset(storage, good);
    await writeDataset(storage, poison);
    const goodUri = `${stack.baseUri}/${good.uuid}`;
    const poisonUri = `${stack.baseUri}/${poison.uuid}`;
    await waitFor('both datasets handled', async () => ((await stack.service.index.exists(goodUri)) ? true : undefined));
    await stack.service.synchronizer.whenIdle();

    const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const page = await context.newPage();
    const requested: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    // The poison dataset's final dtool event may still be on its way from MinIO.
    let response = await page.goto(`${stack.serviceUrl}/status`);
    await waitFor('the poison dataset on the page', async () => {
      response = await page.reload();
      return (await page.locator('#failing').count()) > 0 && (await page.locator('#failing').innerText()).includes(poisonUri) ? true : undefined;
    });
    expect(response?.status()).toBe(200);

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('dtool-notify status');
    expect(await page.locator('#uptime').innerText()).toMatch(/^\d+ (s|min \d+ s)$/);

    // The failing datasets: a table a screen reader announces by its caption.
    const failing = page.getByRole('table', { name: /could not be indexed/ });
    expect(await page.locator('#failing-summary').innerText()).toBe('1 dataset is not in the index.');
    const failingRows = failing.locator('tbody tr');
    expect(await failingRows.count()).toBe(1);
    const cells = await failingRows.first().locator('td').allInnerTexts();
    expect(cells[0]).toBe(poisonUri);
    expect(cells[1]).toBe('unreadable');
    expect(cells[2]).toMatch(/manifest/i);
    expect(Date.parse(await failingRows.first().locator('time').getAttribute('datetime') ?? '')).toBeGreaterThan(Date.now() - 600_000);

    // Recent outcomes name the good dataset as indexed.
    const recent = await page.getByRole('table', { name: /records that named a dataset/ }).locator('tbody tr').allInnerTexts();
    expect(recent.some((row) => row.includes('indexed') && row.includes(goodUri))).toBe(true);

    // The counters are the /metrics values. How many records indexed the good dataset depends
    // on the order MinIO delivers its notifications in (a README event that arrives after the
    // final dtool one syncs again): at least one.
    const counters = page.getByRole('table', { name: /metrics/ });
    const indexedRow = counters.locator('tr', { hasText: 'outcome="indexed"' }).filter({ hasText: 'dtool_notify_records_total' });
    const indexedRecords = Number(await indexedRow.locator('td.number').innerText());
    expect(indexedRecords).toBeGreaterThanOrEqual(1);

    // The latency chart: an image with a name, one dot per indexed record of the last hour.
    const chart = page.getByRole('img', { name: 'Notification to index latency, last hour' });
    expect(await chart.locator('circle.sample').count()).toBe(indexedRecords);
    expect(await page.locator('#latency-summary').innerText()).toMatch(
      new RegExp(`^${indexedRecords} records? indexed or deleted in the last hour; median latency \\d`),
    );

    const failingGauge = counters.locator('tr', { hasText: 'dtool_notify_datasets_failing' });
    expect(await failingGauge.locator('td.number').innerText()).toBe('1');

    // The configuration summary, with no secret in it.
    const config = await page.locator('#config').innerText();
    expect(config).toContain(stack.baseUri);
    expect(config).toContain('auth_token_configured');
    expect(await page.content()).not.toContain(token);

    // Nothing but the page itself was loaded, and nothing complained.
    expect([...new Set(requested)]).toEqual([`${stack.serviceUrl}/status`]);
    expect(consoleErrors).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}status-page.png`, fullPage: true });
    await context.close();
  });

  test('without the token the page is refused, as the notify routes are', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${stack.serviceUrl}/status`);
    expect(response?.status()).toBe(401);
    expect(await page.content()).not.toContain('dtool-notify status');
    await page.close();
  });
});
