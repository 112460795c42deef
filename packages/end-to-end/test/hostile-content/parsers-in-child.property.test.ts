import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./parse-in-child.mjs', import.meta.url));

/** Runs the parsers on `texts` in a fresh Node process; how it ended and what it printed. */
function parseInChild(texts: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr: stderr.slice(0, 2000) }));
    child.stdin.end(JSON.stringify(texts));
  });
}

// Pieces that open one level of nesting in YAML or JSON, and their closers.
const OPENERS = ['[', '{', '{"a": ', '{a: ', '- ', '? ', '  ', 'k:\n  ', '- - ', '&x [*x, ', '[{', '"[', '# [', '|\n  '];
const CLOSERS = [']', '}', ']}', '', '\n'];

const deepText = fc
  .record({
    openers: fc.array(fc.constantFrom(...OPENERS), { minLength: 1, maxLength: 4 }),
    depth: fc.integer({ min: 1, max: 5_000 }),
    closers: fc.array(fc.constantFrom(...CLOSERS), { minLength: 0, maxLength: 3 }),
    closed: fc.boolean(),
    leaf: fc.constantFrom('', 'x', '1', 'null', '"s"', '*x'),
  })
  .map(({ openers, depth, closers, closed, leaf }) => {
    const open = Array.from({ length: depth }, (_, level) => openers[level % openers.length]).join('');
    const close = closed && closers.length > 0 ? Array.from({ length: depth }, (_, level) => closers[level % closers.length]).join('') : '';
    return `${open}${leaf}${close}`;
  });

const largeText = fc
  .record({ unit: fc.constantFrom('a: b\n', '- x\n', '[1, 2], ', '{"k": [1]}, ', 'ü', ' '), copies: fc.integer({ min: 1, max: 300_000 }) })
  .map(({ unit, copies }) => unit.repeat(copies));

describe('the storage parsers on hostile text, in a child process', () => {
  test('the inputs that killed the service (2 kB of YAML brackets, 1,000 dashes, 100,000-deep JSON) end in a normal exit', async () => {
    const killers = [`${'['.repeat(1000)}${']'.repeat(1000)}`, `${'- '.repeat(1000)}x`, `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `{"a": ${'{"a": '.repeat(100_000)}1${'}'.repeat(100_001)}`];
    const run = await parseInChild(killers);
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(run.stdout).toBe('parsed 4 inputs, 16 refusals\n');
  });

  test('generated deep and large README/JSON texts never crash the process', async () => {
    const texts = [...fc.sample(deepText, { numRuns: 150, seed: 20261201 }), ...fc.sample(largeText, { numRuns: 10, seed: 20261201 })];
    const run = await parseInChild(texts);
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(run.stdout).toMatch(/^parsed 160 inputs, \d+ refusals\n$/);
  }, 120_000);
});
