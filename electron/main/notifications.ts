// Desktop notifications (the core's Notifier port) and the "session about to expire" reminder.
// A Lightsail for Research GUI session lives one hour; the core does not schedule a warning,
// so the shell does, counted from the moment the session became ready.
import type { Notifier } from '../core/ports.js';
import { redactSecrets } from '../core/redact.js';
import type { ComputerId, SessionProgress } from '../shared/models.js';

/** The part of Electron's Notification the notifier uses. */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

/** How many shown notifications are kept alive at most (the oldest are let go). */
const MAX_LIVE = 20;

/** Build the Notifier over Electron's Notification. */
export function createNotifier(o: {
  supported(): boolean;
  create(opts: { title: string; body: string; silent?: boolean }): NotificationLike;
  onClick?(computerId: ComputerId | undefined): void;
}): Notifier & { readonly shown: number } {
  // Electron's Notification is a JS object the OS does not keep alive: once nothing references
  // it, it is collected with its click handler, and a click on the banner does nothing. Each
  // one is held here until it is clicked, closed or fails.
  const live = new Set<NotificationLike>();
  return {
    notify(n) {
      if (!o.supported()) return;
      // Bodies may quote an error message; never let a URL or token reach the OS.
      const note = o.create({ title: redactSecrets(n.title), body: redactSecrets(n.body) });
      live.add(note);
      if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
      const release = () => void live.delete(note);
      note.on('click', () => {
        release();
        o.onClick?.(n.computerId);
      });
      note.on('close', release);
      note.on('failed', release);
      note.show();
    },
    /** Notifications shown and not yet clicked or closed. */
    get shown() {
      return live.size;
    },
  };
}

/** GUI session lifetime and how long before its end the reminder comes. */
export const SESSION_LIFETIME_MS = 60 * 60_000;
export const EXPIRY_WARNING_MS = 5 * 60_000;

/** Timers, injectable for tests. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Schedules one reminder per computer when its session becomes ready; cancel when it ends. */
export function createExpiryReminder(o: {
  notifier: Notifier;
  nameOf(computerId: ComputerId): string;
  timers?: Timers;
  lifetimeMs?: number;
  warningMs?: number;
}) {
  const timers = o.timers ?? realTimers;
  const pending = new Map<ComputerId, unknown>();
  const cancel = (id: ComputerId) => {
    const h = pending.get(id);
    if (h !== undefined) timers.clear(h);
    pending.delete(id);
  };
  return {
    /** Feed every session:progress event. */
    onProgress(p: SessionProgress) {
      if (p.phase !== 'ready') return;
      // A reconnect or a resumed session restarts the clock.
      cancel(p.computerId);
      const delay = Math.max(0, (o.lifetimeMs ?? SESSION_LIFETIME_MS) - (o.warningMs ?? EXPIRY_WARNING_MS));
      pending.set(
        p.computerId,
        timers.set(() => {
          pending.delete(p.computerId);
          o.notifier.notify({
            title: `${o.nameOf(p.computerId)}: session ends soon`,
            body: 'The session ends in about 5 minutes. Save your work; opening it again starts a new session.',
            computerId: p.computerId,
          });
        }, delay),
      );
    },
    cancel,
    dispose() {
      for (const id of [...pending.keys()]) cancel(id);
    },
  };
}
