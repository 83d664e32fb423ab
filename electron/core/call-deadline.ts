// The timeout policy every AWS client of the launcher shares (Lightsail, SSO OIDC, the SSO
// portal): retries, connection and request timeouts, and an overall deadline per call. Apart
// from lightsail-client.ts so the SSO clients use it without importing the Lightsail factory.
import { systemClock, type Clock } from './clock.js';

/** A call that had no complete answer before its overall deadline. */
export class CallDeadlineError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly deadlineMs: number) {
    super(`No complete answer within ${Math.round(deadlineMs / 100) / 10} s`);
  }
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
export const DEFAULT_CALL_DEADLINE_MS = 30_000;

type Send = (command: unknown, options?: { abortSignal?: AbortSignal }, cb?: unknown) => Promise<unknown>;

/**
 * Give every `send` of the client an overall deadline. A wrapper rather than a middleware:
 * the abort signal reaches the HTTP handler from send's options, which middleware cannot
 * change, and only aborting the request frees its socket. The deadline (and the caller's
 * signal) also ends a call still waiting for credentials, before any request exists: the SDK
 * itself would wait on a hung credential source for ever.
 */
export function withCallDeadline<C extends { send: unknown }>(
  client: C,
  deadlineMs: number,
  clock: Clock = systemClock,
): C {
  const send = (client.send as Send).bind(client);
  const wrapped: Send = async (command, options, cb) => {
    if (cb !== undefined || typeof options === 'function') return send(command, options, cb);
    // Measured on the clock given (a test world's, or the system's) rather than AbortSignal.timeout.
    const timer = new AbortController();
    const deadline = timer.signal;
    const done = new AbortController();
    clock.sleep(deadlineMs, done.signal).then(
      () => timer.abort(new CallDeadlineError(deadlineMs)),
      () => undefined,
    );
    const own = options?.abortSignal;
    const abortSignal = own ? AbortSignal.any([own, deadline]) : deadline;
    const why = () =>
      deadline.aborted && !own?.aborted
        ? new CallDeadlineError(deadlineMs)
        : Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    let onAbort = () => undefined as void;
    const ended = new Promise<never>((_, reject) => {
      onAbort = () => reject(why());
      if (abortSignal.aborted) onAbort();
      else abortSignal.addEventListener('abort', onAbort, { once: true });
    });
    const call = send(command, { ...options, abortSignal });
    call.catch(() => undefined);
    try {
      return await Promise.race([call, ended]);
    } catch (err) {
      if (deadline.aborted && !own?.aborted) throw new CallDeadlineError(deadlineMs);
      throw err;
    } finally {
      done.abort();
      abortSignal.removeEventListener('abort', onAbort);
    }
  };
  client.send = wrapped as C['send'];
  return client;
}
