// Notifications: a click brings the computer's session window to front (or the launcher), and
// the "session ends soon" reminder follows session progress and open windows.
import { app } from 'electron';
import { computerNameOf } from '../shared/computer-id.js';
import type { MainContext } from './context.js';
import { createExpiryReminder } from './notifications.js';

/** Route clicks and run the expiry reminder. */
export function setupNotifications(ctx: MainContext): void {
  ctx.events.on('notification-click', (id) => {
    const open = id ? ctx.windows.windowsOf(id) : {};
    if (id && (open.app || open.desktop)) ctx.windows.focus(id, open.app ? 'app' : 'desktop');
    else ctx.launcher.show();
  });
  const reminder = createExpiryReminder({ notifier: ctx.notifier, nameOf: computerNameOf });
  ctx.core.on('session:progress', (p) => reminder.onProgress(p));
  ctx.windows.onChange((list) => {
    const open = new Set(list.map((w) => w.computerId));
    for (const c of ctx.core.snapshot().list.computers) if (!open.has(c.id)) reminder.cancel(c.id);
  });
  app.on('will-quit', () => reminder.dispose());
}
