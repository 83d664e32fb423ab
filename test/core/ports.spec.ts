// The real clock's sleep: Node clamps a setTimeout longer than 2^31-1 ms to 1 ms, so a token
// valid for 25 days would fire its "ends in 15 minutes" warning at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableSleep } from '../../electron/core/ports.js';

const MAX_TIMER = 2 ** 31 - 1;
const DAY = 86_400_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('abortableSleep', () => {
  it('waits the whole of a delay longer than a timer can hold (chained, never clamped)', async () => {
    let done = false;
    void abortableSleep(25 * DAY).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_TIMER);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(25 * DAY - MAX_TIMER - 2_001);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('is cancelled by its signal in a later link of the chain', async () => {
    const c = new AbortController();
    const p = abortableSleep(60 * DAY, c.signal);
    await vi.advanceTimersByTimeAsync(MAX_TIMER + 10);
    c.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(vi.getTimerCount()).toBe(0);
  });
});
