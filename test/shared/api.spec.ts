import { describe, expect, it } from 'vitest';
import { createApi, type Transport } from '../../electron/shared/api.js';
import {
  eventContract,
  invokeContract,
  type EventChannel,
  type InvokeChannel,
} from '../../electron/shared/ipc-contract.js';

function recordingTransport() {
  const calls: Array<{ channel: InvokeChannel; args: unknown[] }> = [];
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>();
  const t: Transport = {
    invoke: async (channel, args) => {
      calls.push({ channel, args });
      return { channel };
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  return { t, calls, listeners };
}

describe('window.launcher api', () => {
  it('exposes a named method for every invoke channel of the contract', async () => {
    const { t, calls } = recordingTransport();
    const api = createApi(t) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const fn of Object.values(api)) await fn('x');
    const reached = new Set(calls.map((c) => c.channel));
    expect([...reached].sort()).toEqual(Object.keys(invokeContract).sort());
  });

  it('subscribes to every event channel and unsubscribes exactly that listener', () => {
    const { t, listeners } = recordingTransport();
    const api = createApi(t);
    // Every subscription the api offers: together they must cover the contract's event channels.
    const subscriptions = Object.entries(api).filter(([name]) => /^on[A-Z]/.test(name)) as [
      string,
      (l: () => void) => () => void,
    ][];
    const offs = subscriptions.map(([, subscribe]) => subscribe(() => {}));
    expect([...listeners.keys()].sort()).toEqual(Object.keys(eventContract).sort());
    const seen: unknown[] = [];
    const keep = api.onSessionProgress((p) => seen.push(p));
    offs.forEach((off) => off());
    for (const set of listeners.values()) set.forEach((l) => l('payload'));
    expect(seen).toEqual(['payload']);
    keep();
  });

  it('passes arguments through in order', async () => {
    const { t, calls } = recordingTransport();
    await createApi(t).openSession('p/us-east-2/jupyter-1', 'app');
    expect(calls).toEqual([{ channel: 'session:open', args: ['p/us-east-2/jupyter-1', 'app'] }]);
  });
});
