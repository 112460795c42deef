#!/usr/bin/env node
// Sums the vitest JSON reports every package writes to .test-results/ and prints one closing
// line, "Tests: N passed, N failed", for the whole monorepo (turbo interleaves the packages'
// own summaries). Exits 1 when a package wrote no report, so a silently skipped suite shows.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const directory = fileURLToPath(new URL('../.test-results/', import.meta.url));
const expected = readdirSync(fileURLToPath(new URL('../packages/', import.meta.url)));
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const name of expected) {
  let report;
  try {
    report = JSON.parse(readFileSync(`${directory}${name}.json`, 'utf8'));
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
process.exitCode = failed > 0 || missing.length > 0 ? 1 : 0;
