// A LauncherApi over a fake transport: the real api object (electron/shared/api.ts), whose calls
// wait until the test answers them and whose events the test sends, in any order it likes.
import { createApi } from '../../../electron/shared/api.js';
import type { LauncherApi } from '../../../electron/preload/index.js';
import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
} from '../../../electron/shared/ipc-contract.js';

interface Call {
  channel: InvokeChannel;
  args: unknown[];
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/** The fake api and the controls the test holds. */
export interface FakeApi {
  api: LauncherApi;
  /** Calls not answered yet, oldest first. */
  pending: Call[];
  /** Every call made, answered or not, as [channel, ...args]. */
  calls: [InvokeChannel, ...unknown[]][];
  /** Answer the oldest unanswered call on this channel. */
  answer<C extends InvokeChannel>(channel: C, value: InvokeResult<C>): Promise<void>;
  /** Fail the oldest unanswered call on this channel as an unreachable launcher would. */
  fail(channel: InvokeChannel, error: Error): Promise<void>;
  /** Send an event to whoever subscribed. */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void;
  /** The arguments of calls made on one channel. */
  argsOf<C extends InvokeChannel>(channel: C): InvokeArgs<C>[];
}

/** Let the awaiting code behind an answered call run to its end (microtasks only: fake timers stay still). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A fake api whose calls all wait for the test. */
export function fakeApi(): FakeApi {
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>();
  const pending: Call[] = [];
  const calls: [InvokeChannel, ...unknown[]][] = [];
  const take = (channel: InvokeChannel) => {
    const at = pending.findIndex((c) => c.channel === channel);
    if (at < 0)
      throw new Error(
        `no pending ${channel} call (pending: ${pending.map((c) => c.channel).join(', ') || 'none'})`,
      );
    return pending.splice(at, 1)[0]!;
  };
  const api = createApi({
    invoke: (channel, args) =>
      new Promise((resolve, reject) => {
        calls.push([channel, ...args]);
        pending.push({ channel, args, resolve, reject });
      }),
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  return {
    api,
    pending,
    calls,
    async answer(channel, value) {
      take(channel).resolve(value);
      await settle();
    },
    async fail(channel, error) {
      take(channel).reject(error);
      await settle();
    },
    emit(channel, payload) {
      for (const l of listeners.get(channel) ?? []) l(payload);
    },
    argsOf: <C extends InvokeChannel>(channel: C) =>
      calls.filter(([c]) => c === channel).map(([, ...args]) => args as InvokeArgs<C>),
  };
}
