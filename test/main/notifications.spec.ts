import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../electron/main/notifications.js';

const ID = 'p/us-east-2/jupyter-1';

describe('notifier', () => {
  it('shows redacted notifications and routes clicks with the computer id', () => {
    const shown: { title: string; body: string }[] = [];
    const clicks: (string | undefined)[] = [];
    let click: (() => void) | undefined;
    const n = createNotifier({
      supported: () => true,
      create: (o) => ({ on: (e, l) => void (e === 'click' && (click = l)), show: () => void shown.push(o) }),
      onClick: (id) => void clicks.push(id),
    });
    n.notify({
      title: 'ready',
      body: 'see https://dcv.example.com/?authToken=abcdefghijklmnopqrstuvwxyz123456',
      computerId: ID,
    });
    click?.();
    expect(shown[0]!.body).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
    expect(clicks).toEqual([ID]);
  });

  it("offers the notice's one action as a button, and reports it on the button or a click", () => {
    const made: { actions?: unknown }[] = [];
    const handlers = new Map<string, () => void>();
    const clicks: [string | undefined, string | undefined][] = [];
    const n = createNotifier({
      supported: () => true,
      create: (o) => (made.push(o), { on: (e, l) => void handlers.set(e, l), show: () => undefined }),
      onClick: (id, action) => void clicks.push([id, action?.id]),
    });
    n.notify({
      title: 'The session on jupyter-1 ends in 5 minutes',
      body: 'Keep going resumes it.',
      computerId: ID,
      action: { id: 'keep-going', label: 'Keep going' },
    });
    expect(made[0]!.actions).toEqual([{ type: 'button', text: 'Keep going' }]);
    handlers.get('action')?.();
    expect(clicks).toEqual([[ID, 'keep-going']]);
    n.notify({
      title: 'IAM Identity Center sign-in ends soon',
      body: 'Sign in again.',
      action: { id: 'sign-in', label: 'Sign in', signIn: { session: 'lab' } },
    });
    expect(made[1]!.actions).toEqual([{ type: 'button', text: 'Sign in' }]);
    handlers.get('click')?.();
    expect(clicks.at(-1)).toEqual([undefined, 'sign-in']);
  });

  it('does nothing where notifications are unsupported', () => {
    let created = 0;
    createNotifier({
      supported: () => false,
      create: () => (created++, { on: () => undefined, show: () => undefined }),
    }).notify({ title: 't', body: 'b' });
    expect(created).toBe(0);
  });

  it('keeps a shown notification alive until it is clicked or closed, so a click after a garbage collection still lands', async () => {
    // The OS holds a notification weakly, as Electron's native side does: only what our code
    // references survives a collection (a real, forced one).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const desktop = new Set<WeakRef<FakeNotification>>();
    class FakeNotification extends EventEmitter {
      show() {
        desktop.add(new WeakRef(this));
      }
    }
    const clicks: (string | undefined)[] = [];
    const n = createNotifier({
      supported: () => true,
      create: () => new FakeNotification(),
      onClick: (id) => void clicks.push(id),
    });
    n.notify({ title: 'ready', body: 'open it', computerId: ID });
    n.notify({ title: 'other', body: 'dismissed' });
    await new Promise((r) => setTimeout(r, 0));
    gc();
    const alive = [...desktop].map((r) => r.deref()).filter((x): x is FakeNotification => !!x);
    expect(alive).toHaveLength(2);
    expect(n.shown).toBe(2);
    alive[1]!.emit('close');
    alive[0]!.emit('click');
    expect(clicks).toEqual([ID]);
    expect(n.shown).toBe(0);
  });
});
