// Sums the vitest JSON reports every package writes to .test-results/ and prints one closing
// line, "Tests: N passed, N failed", for the whole monorepo (turbo interleaves the packages'
// own summaries). Fails when a package wrote no report, so a silently skipped suite shows.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../servers/tools.js';

interface VitestReport {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests: number;
}

/** Prints the per-package counts and the closing line; returns the exit code. */
export function runTestSummary(): number {
  const directory = join(REPO_ROOT, '.test-results');
  const expected = readdirSync(join(REPO_ROOT, 'packages'));
  let [passed, failed, skipped] = [0, 0, 0];
  const missing: string[] = [];
  for (const name of expected) {
    let report: VitestReport;
    try {
      report = JSON.parse(readFileSync(join(directory, `${name}.json`), 'utf8')) as VitestReport;
    } catch {
      missing.push(name);
      continue;
    }
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    process.stdout.write(`  ${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed\n`);
  }
  if (missing.length > 0) process.stdout.write(`  no test report from: ${missing.join(', ')}\n`);
  process.stdout.write(`Tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  return failed > 0 || missing.length > 0 ? 1 : 0;
}
