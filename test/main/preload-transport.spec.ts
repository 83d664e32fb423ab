import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../electron/shared/api.js';
import { createIpcTransport, rebuildIpcError } from '../../electron/preload/transport.js';

class FakeIpcRenderer extends EventEmitter {
  invoked: [string, unknown[]][] = [];
  answer: (channel: string) => Promise<unknown> = async () => 'ok';
  invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, args]);
    return this.answer(channel);
  }
}

describe('preload transport', () => {
  it('invokes contract channels with the arguments spread', async () => {
    const ipc = new FakeIpcRenderer();
    const api = createApi(createIpcTransport(ipc));
    await api.openSession('p/us-east-2/c1', 'desktop');
    expect(ipc.invoked).toEqual([['session:open', ['p/us-east-2/c1', 'desktop']]]);
  });

  it('delivers only the payload to listeners, and unsubscribe removes exactly that listener', () => {
    const ipc = new FakeIpcRenderer();
    const api = createApi(createIpcTransport(ipc));
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.onWindowsChanged((w) => a.push(w));
    api.onWindowsChanged((w) => b.push(w));
    ipc.emit('windows:changed', { sender: 'secret' }, [1]);
    offA();
    offA();
    ipc.emit('windows:changed', { sender: 'secret' }, [2]);
    expect(a).toEqual([[1]]);
    expect(b).toEqual([[1], [2]]);
    expect(ipc.listenerCount('windows:changed')).toBe(1);
  });

  it('rebuilds errors so the renderer sees the real name and message', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = async () => {
      throw new Error(
        "Error invoking remote method 'session:open': InvalidIpcPayload: session:open: invalid arguments (bad kind).",
      );
    };
    const api = createApi(createIpcTransport(ipc));
    await expect(api.openSession('p/us-east-2/c1', 'app')).rejects.toMatchObject({
      name: 'InvalidIpcPayload',
      message: 'session:open: invalid arguments (bad kind).',
    });
  });

  it.each([
    [
      "Error invoking remote method 'x': UntrustedSender: x: the sender is not the launcher window.",
      'UntrustedSender',
      'x: the sender is not the launcher window.',
    ],
    ["Error invoking remote method 'x': Error: plain", 'Error', 'plain'],
    ["Error invoking remote method 'x': no name here", 'Error', 'no name here'],
    ['something else entirely', 'Error', 'something else entirely'],
  ])('parses %j', (raw, name, message) => {
    const e = rebuildIpcError(new Error(raw));
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.message]).toEqual([name, message]);
  });
});
