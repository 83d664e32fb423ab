// Back-off for automatic refreshes after throttling or a network failure, so the list shows
// "retrying in 20 s" instead of a spinner that never ends.

/** Delay before the n-th automatic retry (n from 0): 5 s, 10 s, 20 s … capped at 2 minutes. */
export function retryDelay(attempt: number, baseMs = 5_000, maxMs = 120_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}
