import { escapeHtml } from './escape-html.js';
import type { LatencySample } from './status-journal.js';

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 56;
const BOTTOM = 24;
const TOP = 10;
const RIGHT = 10;
const HOUR_MS = 3_600_000;

/** Formats seconds for a person: `850 ms`, `4.2 s`, `3.5 min`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

/**
 * An inline SVG of notification→index latency over the hour before `now`: one dot per
 * indexed or deleted record, time across, latency up. Labelled for screen readers, with the
 * figures also said in its description.
 */
export function renderLatencyChart(samples: readonly LatencySample[], now: number): string {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const sorted = samples.map((sample) => sample.seconds).sort((a, b) => a - b);
  const max = sorted.at(-1) ?? 0;
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const scale = Math.max(1, max);
  const x = (at: number): number => LEFT + ((at - (now - HOUR_MS)) / HOUR_MS) * plotWidth;
  const y = (seconds: number): number => TOP + plotHeight - (seconds / scale) * plotHeight;
  const description =
    sorted.length === 0
      ? 'No dataset was indexed or deleted from a notification in the last hour.'
      : `${sorted.length} ${sorted.length === 1 ? 'record' : 'records'} indexed or deleted in the last hour; median latency ${formatSeconds(median)}, highest ${formatSeconds(max)}.`;
  const dots = samples
    .map((sample) => `<circle class="sample" cx="${x(sample.at).toFixed(1)}" cy="${y(sample.seconds).toFixed(1)}" r="3"><title>${escapeHtml(formatSeconds(sample.seconds))}</title></circle>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="latency-title latency-description" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">`,
    '<title id="latency-title">Notification to index latency, last hour</title>',
    `<desc id="latency-description">${escapeHtml(description)}</desc>`,
    `<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - RIGHT}" y2="${TOP + plotHeight}" stroke="#555"/>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotHeight}" stroke="#555"/>`,
    `<text x="${LEFT - 6}" y="${TOP + 10}" text-anchor="end" font-size="11">${escapeHtml(formatSeconds(scale))}</text>`,
    `<text x="${LEFT - 6}" y="${TOP + plotHeight}" text-anchor="end" font-size="11">0</text>`,
    `<text x="${LEFT}" y="${HEIGHT - 6}" font-size="11">60 min ago</text>`,
    `<text x="${WIDTH - RIGHT}" y="${HEIGHT - 6}" text-anchor="end" font-size="11">now</text>`,
    `<g fill="#1f6feb">${dots}</g>`,
    '</svg>',
    `<p id="latency-summary">${escapeHtml(description)}</p>`,
  ].join('');
}
