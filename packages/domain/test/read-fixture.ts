import { readFileSync } from 'node:fs';

/** The shared captured payloads (`/work/shared/fixtures`), found from this file's place in the repo. */
const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);

/** A fixture file's text, by its path under the fixtures folder (`aws/s3-test-event.json`). */
export function readFixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** A fixture file parsed as JSON. */
export function readFixtureJson(path: string): unknown {
  return JSON.parse(readFixtureText(path)) as unknown;
}

/** The raw lines of a `.jsonl` fixture (one request body each), without blank ones. */
export function readFixtureLines(path: string): string[] {
  return readFixtureText(path).split('\n').filter((line) => line.trim() !== '');
}
