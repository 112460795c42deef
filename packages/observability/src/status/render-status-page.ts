import { escapeHtml } from './escape-html.js';
import type { MetricSnapshot } from './metric-snapshot.js';
import { formatSeconds, renderLatencyChart } from './latency-chart.js';
import { renderKafkaSection } from './render-kafka-section.js';
import type { FailingDataset, JournalEntry, LatencySample } from './status-journal.js';

/** Everything the status page shows. */
export interface StatusPageContent {
  readonly now: number;
  readonly startedAt: number;
  /** The configuration summary, already free of secrets. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly metrics: readonly MetricSnapshot[];
  readonly failing: readonly FailingDataset[];
  readonly recent: readonly JournalEntry[];
  readonly latency: readonly LatencySample[];
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:72rem;color:#1b1b1b;background:#fff}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:.25rem 0}td.number{text-align:right;font-variant-numeric:tabular-nums}
.failing{color:#8b0000}code{font-size:.9em;word-break:break-all}dt{font-weight:600}dd{margin:0 0 .5rem 1rem}`;

/** Renders the whole status page: one HTML document, no script, nothing loaded from elsewhere. */
export function renderStatusPage(content: StatusPageContent): string {
  const time = (ms: number): string => `<time datetime="${new Date(ms).toISOString()}">${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC</time>`;
  const uptimeSeconds = Math.max(0, (content.now - content.startedAt) / 1000);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>dtool-notify status</title><style>${STYLE}</style></head>
<body>
<header><h1>dtool-notify status</h1>
<p>Up for <span id="uptime">${escapeHtml(formatDuration(uptimeSeconds))}</span>, since ${time(content.startedAt)}. Page generated ${time(content.now)}.</p></header>
<main>
<section aria-labelledby="failing-heading"><h2 id="failing-heading">Datasets not in the index</h2>${renderFailing(content.failing, time)}</section>
${renderKafkaSection(content.metrics)}
<section aria-labelledby="latency-heading"><h2 id="latency-heading">Notification to index latency</h2>${renderLatencyChart(content.latency, content.now)}</section>
<section aria-labelledby="recent-heading"><h2 id="recent-heading">Recent record outcomes</h2>${renderRecent(content.recent, time)}</section>
<section aria-labelledby="counters-heading"><h2 id="counters-heading">Counters</h2>${renderMetrics(content.metrics)}</section>
<section aria-labelledby="config-heading"><h2 id="config-heading">Configuration</h2>${renderConfig(content.config)}</section>
</main>
</body>
</html>
`;
}

function renderFailing(failing: readonly FailingDataset[], time: (ms: number) => string): string {
  if (failing.length === 0) return '<p id="failing-summary">Every dataset notified since start-up is in the index.</p>';
  const rows = failing
    .map(
      (dataset) =>
        `<tr class="failing"><td><code>${escapeHtml(dataset.uri)}</code></td><td>${escapeHtml(dataset.failureClass)}</td><td>${escapeHtml(dataset.reason)}</td><td>${time(dataset.since)}</td></tr>`,
    )
    .join('');
  const noun = failing.length === 1 ? 'dataset is' : 'datasets are';
  return `<p id="failing-summary">${failing.length} ${noun} not in the index.</p>
<table id="failing"><caption>Datasets whose last notification could not be indexed, longest failing first</caption>
<thead><tr><th scope="col">Dataset</th><th scope="col">Class</th><th scope="col">Reason</th><th scope="col">Failing since</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderRecent(recent: readonly JournalEntry[], time: (ms: number) => string): string {
  if (recent.length === 0) return '<p>No record has needed a dataset read yet.</p>';
  const rows = recent
    .map(
      (entry) =>
        `<tr><td>${time(entry.at)}</td><td>${escapeHtml(entry.outcome)}</td><td><code>${escapeHtml(entry.uri ?? '')}</code></td><td><code>${escapeHtml(entry.key ?? '')}</code></td><td>${escapeHtml(entry.reason ?? '')}</td></tr>`,
    )
    .join('');
  return `<table id="recent"><caption>The last ${recent.length} records that named a dataset, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Outcome</th><th scope="col">Dataset</th><th scope="col">Object key</th><th scope="col">Reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderMetrics(metrics: readonly MetricSnapshot[]): string {
  const rows = metrics
    .filter((metric) => metric.name.startsWith('dtool_notify_'))
    .flatMap((metric) =>
      metric.values
        // A histogram's buckets belong in Prometheus; its count and sum say enough here.
        .filter((value) => metric.type !== 'histogram' || /_(count|sum)$/.test(value.metricName ?? ''))
        .map((value) => {
          const labels = Object.entries(value.labels)
            .filter(([, label]) => label !== undefined && label !== '')
            .map(([name, label]) => `${name}="${String(label)}"`)
            .join(', ');
          const name = value.metricName ?? metric.name;
          return `<tr><th scope="row"><code>${escapeHtml(name)}</code></th><td>${escapeHtml(labels)}</td><td class="number">${escapeHtml(formatNumber(value.value))}</td><td>${escapeHtml(metric.help)}</td></tr>`;
        }),
    )
    .join('');
  return `<table id="counters"><caption>The service's metrics, as <code>/metrics</code> serves them</caption>
<thead><tr><th scope="col">Metric</th><th scope="col">Labels</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderConfig(config: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(config)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd><code>${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</code></dd>`)
    .join('');
  return `<dl id="config">${entries}</dl>`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/** `3 d 4 h`, `2 h 5 min`, `42 s`. */
function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(seconds)} s`;
}
