import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../../renderer/src/lib/retry.js';

describe('retryDelay', () => {
  it('backs off 5 s, 10 s, 20 s … and caps at 2 minutes', () => {
    expect([0, 1, 2, 3].map((n) => retryDelay(n))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelay(20)).toBe(120_000);
  });
});
