import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { createServiceMetrics, type KafkaConsumerReadings } from '@dtool-notify/observability';

/** Debian's prometheus package, installed by `npm run dev-stack -- install system`. */
const PROMTOOL = '/usr/bin/promtool';
const OPERATIONS_DOC = fileURLToPath(new URL('../../../../docs/operations.md', import.meta.url));
const RULE_TESTS = fileURLToPath(new URL('./alert-rules.promtool-test.yml', import.meta.url));

/** The YAML blocks of the doc marked `<!-- checked: <file name> -->`, by file name. */
function checkedBlocks(markdown: string): Map<string, string> {
  return new Map([...markdown.matchAll(/<!-- checked: (\S+) -->\n```yaml\n([\s\S]*?)```/g)].map(([, name, body]) => [name as string, body as string]));
}

const promtool = (directory: string, ...args: string[]): string => {
  try {
    return execFileSync(PROMTOOL, args, { cwd: directory, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
};

describe('docs/operations.md', () => {
  const doc = readFileSync(OPERATIONS_DOC, 'utf8');
  const blocks = checkedBlocks(doc);
  const directory = mkdtempSync(join(tmpdir(), 'dtool-notify-promtool-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test('has the scrape configuration and the alert rules as checked blocks', () => {
    expect([...blocks.keys()].sort()).toEqual(['dtool-notify-rules.yml', 'prometheus.yml']);
  });

  test('promtool accepts the scrape configuration with its rule file, and every alert fires on the series it is for', () => {
    if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} is missing: run "npm run dev-stack -- install system" (Debian's prometheus package)`);
    for (const [name, body] of blocks) writeFileSync(join(directory, name), body);
    writeFileSync(join(directory, 'dtool-notify.token'), 'a-token-for-the-check\n');
    copyFileSync(RULE_TESTS, join(directory, 'alert-rules.promtool-test.yml'));
    expect(promtool(directory, 'check', 'config', 'prometheus.yml')).toContain('SUCCESS: 9 rules found');
    expect(promtool(directory, 'test', 'rules', 'alert-rules.promtool-test.yml')).toContain('SUCCESS');
    const alerts = [...(blocks.get('dtool-notify-rules.yml') ?? '').matchAll(/- alert: (\w+)/g)].map(([, name]) => name);
    const tested = new Set([...readFileSync(RULE_TESTS, 'utf8').matchAll(/alertname: (\w+)/g)].map(([, name]) => name));
    expect(alerts.filter((alert) => !tested.has(alert))).toEqual([]);
  });

  test('names only metrics the service exports, and its metrics table lists every one of them', async () => {
    const kafkaConsumer: KafkaConsumerReadings = {
      status: () => ({ state: 'consuming', partitions: [], inFlight: 0, counters: { messages: 0, records: 0, permanentFailures: 0, deadLettered: 0, retries: 0, commits: 0, rebalances: 0 } }),
      lag: () => Promise.resolve([]),
    };
    const { registry } = createServiceMetrics({ readiness: () => Promise.resolve({ ready: true, checks: {} }), kafkaConsumer: () => kafkaConsumer });
    const exported = new Set((await registry.getMetricsAsJSON()).map((metric) => metric.name));
    const named = new Set([...doc.matchAll(/\b(dtool_notify_[a-z0-9_]+)/g)].map(([, name]) => (name as string).replace(/_(bucket|count|sum)$/, '')));
    expect([...named].filter((name) => !exported.has(name))).toEqual([]);
    expect([...exported].filter((name) => !doc.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
