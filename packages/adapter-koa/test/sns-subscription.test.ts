import { afterEach, describe, expect, test, vi } from 'vitest';
import { readFixtureText } from '@dtool-notify/testkit';
import { isAwsSnsUrl } from '../src/index.js';
import { send, startHarness, type Harness } from './harness.js';

const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:dtool-events';
const confirmation = readFixtureText('aws/sns-subscription-confirmation.json');
const subscribeUrl = (JSON.parse(confirmation) as { SubscribeURL: string }).SubscribeURL;

describe('SNS subscription confirmations', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  test('are confirmed when the topic is allowed', async () => {
    const confirmSubscription = vi.fn(async () => undefined);
    harness = await startHarness({ allowedTopicArns: [TOPIC], confirmSubscription });
    const response = await send(`${harness.url}/webhook/notify`, { body: confirmation, contentType: 'text/plain; charset=UTF-8' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ acknowledged: `subscription to SNS topic ${TOPIC} confirmed` });
    expect(confirmSubscription).toHaveBeenCalledExactlyOnceWith(subscribeUrl);
  });

  test('are refused with 403 and never fetched when the topic is not allowed', async () => {
    const confirmSubscription = vi.fn(async () => undefined);
    harness = await startHarness({ allowedTopicArns: ['arn:aws:sns:eu-central-1:123456789012:other'], confirmSubscription });
    const response = await send(`${harness.url}/webhook/notify`, { body: confirmation, contentType: 'text/plain; charset=UTF-8' });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({ error: `subscriptions to SNS topic ${TOPIC} are not allowed here` });
    expect(confirmSubscription).not.toHaveBeenCalled();
  });

  test('naming a SubscribeURL outside AWS SNS get 400 and are never fetched', async () => {
    const confirmSubscription = vi.fn(async () => undefined);
    harness = await startHarness({ allowedTopicArns: [TOPIC], confirmSubscription });
    const forged = JSON.stringify({ ...JSON.parse(confirmation), SubscribeURL: 'https://sns.eu-central-1.amazonaws.com.evil.example/x' });
    const response = await send(`${harness.url}/webhook/notify`, { body: forged, contentType: 'text/plain' });
    expect(response.status).toBe(400);
    expect(confirmSubscription).not.toHaveBeenCalled();
  });

  test('that cannot be confirmed now get 503 so SNS retries', async () => {
    harness = await startHarness({
      allowedTopicArns: [TOPIC],
      confirmSubscription: async () => {
        throw new Error('connect ETIMEDOUT');
      },
    });
    const response = await send(`${harness.url}/webhook/notify`, { body: confirmation, contentType: 'text/plain' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });
});

describe('isAwsSnsUrl', () => {
  test('accepts only https URLs on an AWS SNS host without credentials or port', () => {
    expect(isAwsSnsUrl(subscribeUrl)).toBe(true);
    expect(isAwsSnsUrl('https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription')).toBe(true);
    expect(isAwsSnsUrl('http://sns.eu-central-1.amazonaws.com/')).toBe(false);
    expect(isAwsSnsUrl('https://sns.eu-central-1.amazonaws.com:8443/')).toBe(false);
    expect(isAwsSnsUrl('https://user:pw@sns.eu-central-1.amazonaws.com/')).toBe(false);
    expect(isAwsSnsUrl('https://evil.example/?sns.eu-central-1.amazonaws.com')).toBe(false);
    expect(isAwsSnsUrl('https://127.0.0.1/')).toBe(false);
    expect(isAwsSnsUrl('not a url')).toBe(false);
  });
});
