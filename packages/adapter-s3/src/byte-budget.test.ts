import { describe, expect, test } from 'vitest';
import { createByteBudget, createBytesInFlight } from './byte-budget.js';

describe('createByteBudget', () => {
  test('fails as too-large once the bytes of a dataset pass the limit, naming the object that crossed it', () => {
    const budget = createByteBudget(100, 'read per dataset');
    budget.spend('u/README.yml', 60);
    expect(() => budget.spend('u/manifest.json', 41)).toThrow(expect.objectContaining({ code: 'too-large', message: 'reading "u/manifest.json" went past 100 bytes, the most read per dataset' }));
    // Spent stays spent: the other downloads of the same read stop at their next chunk.
    expect(() => budget.spend('u/annotations/a.json', 1)).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  test('takes its bytes from the process and gives them back when settled', () => {
    const inFlight = createBytesInFlight(150);
    const first = createByteBudget(100, 'read per dataset', inFlight);
    const second = createByteBudget(100, 'read per dataset', inFlight);
    first.spend('a', 100);
    expect(() => second.spend('b', 60)).toThrow(expect.objectContaining({ code: 'retryable' }));
    first.settle();
    expect(inFlight.held).toBe(0);
    second.spend('b', 60);
    expect(inFlight.held).toBe(60);
  });
});
