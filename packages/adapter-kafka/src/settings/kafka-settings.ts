import { readFileSync } from 'node:fs';
import type { ConfigResult } from '@dtool-notify/domain';

/** The environment as plain data: variable name → value. */
export type KafkaEnvironment = Readonly<Record<string, string | undefined>>;

/** SASL mechanisms the consumer can authenticate with. */
export type KafkaSaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** How to reach the brokers and what to consume, validated. */
export interface KafkaSettings {
  /** `host:port` of one or more bootstrap brokers. */
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly groupId: string;
  readonly clientId: string;
  readonly sasl?: { readonly mechanism: KafkaSaslMechanism; readonly username: string; readonly password: string };
  /** TLS to the brokers; `ca` (PEM) replaces the system's trusted authorities when given. */
  readonly tls?: { readonly ca?: string };
  /** Where messages that can never be applied go, with the reason in their headers. */
  readonly deadLetterTopic?: string;
}

const PREFIX = 'DSERVER_NOTIFY_KAFKA_';
/** Every variable this adapter reads; any other `DSERVER_NOTIFY_KAFKA_*` is a typo worth reporting. */
export const KAFKA_VARIABLES = [
  'BROKERS', 'TOPICS', 'GROUP_ID', 'CLIENT_ID', 'SASL_MECHANISM', 'SASL_USERNAME', 'SASL_PASSWORD', 'TLS', 'TLS_CA_FILE',
  'DEAD_LETTER_TOPIC',
].map((name) => `${PREFIX}${name}`);

const SASL_MECHANISMS: Readonly<Record<string, KafkaSaslMechanism>> = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
};
// Kafka's own rule for topic names (legal characters, at most 249 of them).
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const BROKER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * Reads the Kafka settings: `undefined` when `DSERVER_NOTIFY_KAFKA_BROKERS` is not set (Kafka
 * off), else the settings or every problem found, so that one start-up message lists them all.
 */
export function parseKafkaSettings(env: KafkaEnvironment): ConfigResult<KafkaSettings | undefined> {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[`${PREFIX}${name}`]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const unknown = Object.keys(env).filter((name) => name.startsWith(PREFIX) && !KAFKA_VARIABLES.includes(name));
  for (const name of unknown) problems.push(`${name} is not a setting; the Kafka settings are ${KAFKA_VARIABLES.join(', ')}`);
  const brokersRaw = value('BROKERS');
  if (brokersRaw === undefined) {
    const stray = KAFKA_VARIABLES.filter((name) => name !== `${PREFIX}BROKERS` && env[name]?.trim());
    if (stray.length > 0) problems.push(`${stray.join(', ')} set but ${PREFIX}BROKERS is not: set it to enable Kafka (host:port,...)`);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: undefined };
  }
  const brokers = list(brokersRaw);
  for (const broker of brokers) {
    const port = BROKER.exec(broker)?.[2];
    if (port === undefined || Number(port) < 1 || Number(port) > 65535) {
      problems.push(`${PREFIX}BROKERS: "${broker}" is not host:port`);
    }
  }
  if (brokers.length === 0) problems.push(`${PREFIX}BROKERS lists no broker`);
  const topics = list(value('TOPICS') ?? '');
  if (topics.length === 0) problems.push(`${PREFIX}TOPICS is not set: name the topics the storage publishes to (comma-separated)`);
  for (const topic of topics) if (!TOPIC_NAME.test(topic)) problems.push(`${PREFIX}TOPICS: "${topic}" is not a Kafka topic name`);
  const deadLetterTopic = value('DEAD_LETTER_TOPIC');
  if (deadLetterTopic !== undefined && !TOPIC_NAME.test(deadLetterTopic)) {
    problems.push(`${PREFIX}DEAD_LETTER_TOPIC: "${deadLetterTopic}" is not a Kafka topic name`);
  }
  if (deadLetterTopic !== undefined && topics.includes(deadLetterTopic)) {
    problems.push(`${PREFIX}DEAD_LETTER_TOPIC must not be one of the consumed topics (its messages would come straight back)`);
  }
  const sasl = readSasl(value, problems);
  const tls = readTls(value, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      brokers,
      topics,
      groupId: value('GROUP_ID') ?? 'dtool-notify',
      clientId: value('CLIENT_ID') ?? 'dtool-notify',
      ...(sasl === undefined ? {} : { sasl }),
      ...(tls === undefined ? {} : { tls }),
      ...(deadLetterTopic === undefined ? {} : { deadLetterTopic }),
    },
  };
}

function readSasl(value: (name: string) => string | undefined, problems: string[]): KafkaSettings['sasl'] {
  const mechanismRaw = value('SASL_MECHANISM');
  const username = value('SASL_USERNAME');
  const password = value('SASL_PASSWORD');
  if (mechanismRaw === undefined) {
    if (username !== undefined || password !== undefined) {
      problems.push(`${PREFIX}SASL_USERNAME/_PASSWORD need ${PREFIX}SASL_MECHANISM (${Object.keys(SASL_MECHANISMS).join(', ')})`);
    }
    return undefined;
  }
  const mechanism = SASL_MECHANISMS[mechanismRaw.toLowerCase()];
  if (mechanism === undefined) {
    problems.push(`${PREFIX}SASL_MECHANISM must be one of ${Object.keys(SASL_MECHANISMS).join(', ')}; got "${mechanismRaw}"`);
  }
  if (username === undefined || password === undefined) {
    problems.push(`${PREFIX}SASL_MECHANISM needs both ${PREFIX}SASL_USERNAME and ${PREFIX}SASL_PASSWORD`);
  }
  return mechanism === undefined || username === undefined || password === undefined ? undefined : { mechanism, username, password };
}

function readTls(value: (name: string) => string | undefined, problems: string[]): KafkaSettings['tls'] {
  const enabledRaw = value('TLS');
  const caFile = value('TLS_CA_FILE');
  if (enabledRaw !== undefined && !['true', 'false'].includes(enabledRaw)) {
    problems.push(`${PREFIX}TLS must be "true" or "false"; got "${enabledRaw}"`);
  }
  if (caFile === undefined) return enabledRaw === 'true' ? {} : undefined;
  if (enabledRaw === 'false') problems.push(`${PREFIX}TLS_CA_FILE is set but ${PREFIX}TLS is "false"`);
  try {
    const ca = readFileSync(caFile, 'utf8');
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) problems.push(`${PREFIX}TLS_CA_FILE: ${caFile} holds no PEM certificate`);
    return { ca };
  } catch (error) {
    problems.push(`${PREFIX}TLS_CA_FILE: cannot read ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}

function list(raw: string): string[] {
  return raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
}
