// Time, as a port of its own: the core's modules (sign-in, sessions, cost) take a Clock, and
// tests and the simulator drive one. Apart from ports.ts so the modules ports.ts names
// (sso-sign-in.ts) can use it without importing ports.ts back.

/** Time, injectable so tests and the simulator can run fast. */
export interface Clock {
  now(): number;
  /** Resolves after ms, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Resolve after ms, or reject with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};
