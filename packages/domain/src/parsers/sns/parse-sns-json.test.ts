import { describe, expect, test } from 'vitest';
import { readFixtureJson } from '../../../test/read-fixture.js';
import { awsObjectCreated } from '../../../test/expected-fixture-records.js';
import { parseSnsJson } from './parse-sns-json.js';

const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:dtool-events';
const notification = (message: string) => ({ Type: 'Notification', TopicArn: TOPIC, Message: message });

describe('parseSnsJson on captured AWS SNS messages', () => {
  test('reads the S3 event inside a Notification envelope', () => {
    expect(parseSnsJson(readFixtureJson('aws/sns-notification-envelope.json'))).toEqual(awsObjectCreated('sns-json'));
  });

  test('hands a SubscriptionConfirmation to the HTTP layer', () => {
    expect(parseSnsJson(readFixtureJson('aws/sns-subscription-confirmation.json'))).toEqual({
      kind: 'subscription-confirmation',
      topicArn: TOPIC,
      subscribeUrl: `https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37fb687f5d51e6e2425c464de12884d2a8b4c5c9d1e4a5b6c7d8e9f0`,
      token: '2336412f37fb687f5d51e6e2425c464de12884d2a8b4c5c9d1e4a5b6c7d8e9f0',
    });
  });
});

describe('parseSnsJson', () => {
  test('acknowledges the S3 TestEvent carried in a Notification', () => {
    const message = JSON.stringify(readFixtureJson('aws/s3-test-event.json'));
    expect(parseSnsJson(notification(message))).toEqual({ kind: 'acknowledged', reason: expect.stringContaining('s3:TestEvent') });
  });

  test('acknowledges an UnsubscribeConfirmation', () => {
    expect(parseSnsJson({ Type: 'UnsubscribeConfirmation', TopicArn: TOPIC, Token: 't' })).toEqual({
      kind: 'acknowledged',
      reason: `unsubscribed from SNS topic "${TOPIC}"`,
    });
  });

  test.each([
    ['an unknown Type', { Type: 'Surprise', TopicArn: TOPIC }, 'SNS message type "Surprise" is not supported'],
    ['a missing TopicArn', { Type: 'Notification', Message: '{}' }, '"TopicArn": is missing'],
    ['a numeric Type', { Type: 1, TopicArn: TOPIC }, '"Type": must be a string'],
    ['a Notification without Message', { Type: 'Notification', TopicArn: TOPIC }, '"Message": is missing'],
    ['a Message that is not JSON', notification('hello'), "Message is not valid JSON"],
    ['a Message nested too deep', notification(`${'['.repeat(70)}${']'.repeat(70)}`), 'nested deeper than 64 levels'],
    ['a Message that is no S3 event', notification('[1]'), 'the S3 event notification is invalid'],
    ['a confirmation without Token', { Type: 'SubscriptionConfirmation', TopicArn: TOPIC, SubscribeURL: 'https://x' }, '"Token": is missing'],
    ['an http SubscribeURL', { Type: 'SubscriptionConfirmation', TopicArn: TOPIC, Token: 't', SubscribeURL: 'http://sns/' }, 'must be an https URL'],
    ['a SubscribeURL that is no URL', { Type: 'SubscriptionConfirmation', TopicArn: TOPIC, Token: 't', SubscribeURL: 'https://' }, 'must be a URL'],
    ['null', null, 'must be an object with "Type" and "TopicArn"'],
  ])('rejects %s', (_, input, problem) => {
    expect(parseSnsJson(input)).toEqual({ kind: 'rejected', reason: expect.stringContaining(problem) });
  });
});
