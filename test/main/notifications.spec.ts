import { describe, expect, it } from 'vitest';
import { createExpiryReminder, createNotifier, EXPIRY_WARNING_MS, SESSION_LIFETIME_MS, type Timers } from '../../electron/main/notifications.js';
import type { SessionProgress } from '../../electron/shared/models.js';

function fakeTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    set: (fn, ms) => (pending.set(++seq, { at: now + ms, fn }), seq),
    clear: (h) => void pending.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...pending]) if (t.at <= now) {
      pending.delete(id);
      t.fn();
    }
  };
  return { timers, advance, pending };
}

const ready = (computerId: string): SessionProgress => ({ computerId, phase: 'ready', percentage: 100, startedAt: 0 });
const ID = 'p/us-east-2/jupyter-1';

describe('expiry reminder', () => {
  it('warns about five minutes before the one-hour session ends', () => {
    const seen: { title: string; body: string }[] = [];
    const t = fakeTimers();
    const r = createExpiryReminder({ notifier: { notify: (n) => void seen.push(n) }, nameOf: () => 'jupyter-1', timers: t.timers });
    r.onProgress({ ...ready(ID), phase: 'setting-up' });
    r.onProgress(ready(ID));
    t.advance(SESSION_LIFETIME_MS - EXPIRY_WARNING_MS - 1);
    expect(seen).toEqual([]);
    t.advance(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.title).toBe('jupyter-1: session ends soon');
  });

  it('restarts on a new ready and stays quiet once cancelled', () => {
    const seen: unknown[] = [];
    const t = fakeTimers();
    const r = createExpiryReminder({ notifier: { notify: (n) => void seen.push(n) }, nameOf: () => 'x', timers: t.timers });
    r.onProgress(ready(ID));
    t.advance(30 * 60_000);
    r.onProgress(ready(ID));
    t.advance(30 * 60_000);
    expect(seen).toEqual([]);
    r.cancel(ID);
    t.advance(60 * 60_000);
    expect(seen).toEqual([]);
    expect(t.pending.size).toBe(0);
  });
});

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
    n.notify({ title: 'ready', body: 'see https://dcv.example.com/?authToken=abcdefghijklmnopqrstuvwxyz123456', computerId: ID });
    click?.();
    expect(shown[0]!.body).not.toContain('abcdefghijklmnopqrstuvwxyz123456');
    expect(clicks).toEqual([ID]);
  });

  it('does nothing where notifications are unsupported', () => {
    let created = 0;
    createNotifier({ supported: () => false, create: () => (created++, { on: () => undefined, show: () => undefined }) }).notify({ title: 't', body: 'b' });
    expect(created).toBe(0);
  });
});
