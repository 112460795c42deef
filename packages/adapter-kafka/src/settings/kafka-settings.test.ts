import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseKafkaSettings } from './kafka-settings.js';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  const result = parseKafkaSettings(env);
  return result.ok ? [] : result.problems;
};

describe('parseKafkaSettings', () => {
  test('is off (undefined) when no Kafka variable is set', () => {
    expect(parseKafkaSettings({ DSERVER_NOTIFY_PORT: '5000' })).toEqual({ ok: true, value: undefined });
  });

  test('reads brokers and topics, with the group and client ids defaulting to dtool-notify', () => {
    expect(parseKafkaSettings({ DSERVER_NOTIFY_KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:9093', DSERVER_NOTIFY_KAFKA_TOPICS: 'minio-events,grid.events' })).toEqual({
      ok: true,
      value: { brokers: ['kafka-1:9092', '10.0.0.2:9093'], topics: ['minio-events', 'grid.events'], groupId: 'dtool-notify', clientId: 'dtool-notify' },
    });
  });

  test('reads SASL credentials, TLS and the dead-letter topic', () => {
    const result = parseKafkaSettings({
      DSERVER_NOTIFY_KAFKA_BROKERS: 'kafka:9093',
      DSERVER_NOTIFY_KAFKA_TOPICS: 'events',
      DSERVER_NOTIFY_KAFKA_GROUP_ID: 'indexers',
      DSERVER_NOTIFY_KAFKA_CLIENT_ID: 'indexer-1',
      DSERVER_NOTIFY_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      DSERVER_NOTIFY_KAFKA_SASL_USERNAME: 'dtool',
      DSERVER_NOTIFY_KAFKA_SASL_PASSWORD: 'secret password',
      DSERVER_NOTIFY_KAFKA_TLS: 'true',
      DSERVER_NOTIFY_KAFKA_DEAD_LETTER_TOPIC: 'events.dead-letters',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        brokers: ['kafka:9093'], topics: ['events'], groupId: 'indexers', clientId: 'indexer-1',
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'dtool', password: 'secret password' },
        tls: {}, deadLetterTopic: 'events.dead-letters',
      },
    });
  });

  test('reads a CA file for TLS', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const result = parseKafkaSettings({ DSERVER_NOTIFY_KAFKA_BROKERS: 'kafka:9093', DSERVER_NOTIFY_KAFKA_TOPICS: 'events', DSERVER_NOTIFY_KAFKA_TLS_CA_FILE: file });
    expect(result.ok && result.value?.tls?.ca).toContain('BEGIN CERTIFICATE');
  });

  test('lists every problem at once, without echoing the password', () => {
    const problems = problemsOf({
      DSERVER_NOTIFY_KAFKA_BROKERS: 'kafka, host:99999',
      DSERVER_NOTIFY_KAFKA_TOPICS: 'good,bad topic',
      DSERVER_NOTIFY_KAFKA_SASL_MECHANISM: 'kerberos',
      DSERVER_NOTIFY_KAFKA_SASL_PASSWORD: 'hunter2-hunter2',
      DSERVER_NOTIFY_KAFKA_TLS: 'yes',
      DSERVER_NOTIFY_KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
      DSERVER_NOTIFY_KAFKA_DEAD_LETTER_TOPIC: 'good',
      DSERVER_NOTIFY_KAFKA_GROUPID: 'typo',
    });
    expect(problems).toEqual([
      expect.stringMatching(/DSERVER_NOTIFY_KAFKA_GROUPID is not a setting/),
      'DSERVER_NOTIFY_KAFKA_BROKERS: "kafka" is not host:port',
      'DSERVER_NOTIFY_KAFKA_BROKERS: "host:99999" is not host:port',
      'DSERVER_NOTIFY_KAFKA_TOPICS: "bad topic" is not a Kafka topic name',
      expect.stringMatching(/DEAD_LETTER_TOPIC must not be one of the consumed topics/),
      expect.stringMatching(/SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512; got "kerberos"/),
      expect.stringMatching(/SASL_MECHANISM needs both/),
      'DSERVER_NOTIFY_KAFKA_TLS must be "true" or "false"; got "yes"',
      'DSERVER_NOTIFY_KAFKA_TLS_CA_FILE: cannot read /nonexistent/ca.pem (ENOENT)',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  test('asks for the brokers when other Kafka settings are given without them', () => {
    expect(problemsOf({ DSERVER_NOTIFY_KAFKA_TOPICS: 'events' })).toEqual([
      'DSERVER_NOTIFY_KAFKA_TOPICS set but DSERVER_NOTIFY_KAFKA_BROKERS is not: set it to enable Kafka (host:port,...)',
    ]);
  });

  test('needs topics when brokers are set', () => {
    expect(problemsOf({ DSERVER_NOTIFY_KAFKA_BROKERS: 'kafka:9092' })).toEqual([expect.stringMatching(/DSERVER_NOTIFY_KAFKA_TOPICS is not set/)]);
  });
});
