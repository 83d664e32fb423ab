// Desktop notifications (the core's Notifier port) and the "session about to expire" reminder.
// A Lightsail for Research GUI session lives one hour; the core does not schedule a warning,
// so the shell does, counted from the moment the session became ready.
import type { NotificationAction, Notifier } from '../core/ports.js';
import { redactSecrets } from '../core/redact.js';
import type { ComputerId } from '../shared/models.js';

/** The part of Electron's Notification the notifier uses. */
export interface NotificationLike {
  on(event: 'click' | 'action' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

/** How many shown notifications are kept alive at most (the oldest are let go). */
const MAX_LIVE = 20;

/** Build the Notifier over Electron's Notification. */
export function createNotifier(o: {
  supported(): boolean;
  create(opts: {
    title: string;
    body: string;
    silent?: boolean;
    actions?: { type: 'button'; text: string }[];
  }): NotificationLike;
  /** A click on the banner (or its one button): what it was about, and its action if it has one. */
  onClick?(computerId: ComputerId | undefined, action?: NotificationAction): void;
}): Notifier & { readonly shown: number } {
  // Electron's Notification is a JS object the OS does not keep alive: once nothing references
  // it, it is collected with its click handler, and a click on the banner does nothing. Each
  // one is held here until it is clicked, closed or fails.
  const live = new Set<NotificationLike>();
  return {
    notify(n) {
      if (!o.supported()) return;
      // Bodies may quote an error message; never let a URL or token reach the OS.
      // macOS shows the action as a button ('action' event); elsewhere a click on the banner is it.
      const note = o.create({
        title: redactSecrets(n.title),
        body: redactSecrets(n.body),
        ...(n.action ? { actions: [{ type: 'button' as const, text: n.action.label }] } : {}),
      });
      live.add(note);
      if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
      const release = () => void live.delete(note);
      const clicked = () => {
        release();
        o.onClick?.(n.computerId, n.action);
      };
      note.on('click', clicked);
      note.on('action', clicked);
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
