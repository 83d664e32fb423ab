// Time, as a port of its own: the core's modules (sign-in, sessions, cost) take a Clock, and
// tests and the simulator drive one. Apart from ports.ts so the modules ports.ts names
// (sso-sign-in.ts) can use it without importing ports.ts back.

/** Time, injectable so tests and the simulator can run fast. */
export interface Clock {
  now(): number;
  /** Resolves after ms, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay one setTimeout holds: Node clamps longer ones to 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolve after ms, or reject with the signal's reason when it aborts first; delays past MAX_TIMER_MS are chained. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // NaN is no wait (as setTimeout reads it); Infinity waits until aborted.
    let left = Number.isNaN(ms) ? 0 : Math.max(0, ms);
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      const step = Math.min(left, MAX_TIMER_MS);
      left -= step;
      timer = setTimeout(() => {
        if (left > 0) return arm();
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, step);
    };
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    arm();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};
