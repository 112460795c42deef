// Progress lines on stderr, so stdout stays free for the CLI's JSON.

const HEARTBEAT_MS = 15_000;

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Writes one `[services] …` progress line to stderr. */
export function progress(msg) {
  process.stderr.write(`[services] ${msg}\n`);
}

/** Formats a duration as `42s` or `3m07s`. */
export function formatElapsed(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Runs `fn` while printing "<label> (<elapsed>)" to stderr every 15 s. */
export async function withHeartbeat(label, fn) {
  const t0 = Date.now();
  const timer = setInterval(() => progress(`${label} (${formatElapsed(Date.now() - t0)} elapsed)`), HEARTBEAT_MS);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
