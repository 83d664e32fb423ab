// Notifications: a click brings the computer's session window to front (or the launcher); on
// "The session ends in 5 minutes" (the core warns) it also keeps the session going.
import type { MainContext } from './context.js';

/** Route clicks. */
export function setupNotifications(ctx: MainContext): void {
  ctx.events.on('notification-click', (id, action) => {
    if (id && action?.id === 'keep-going') void ctx.core['session:keepGoing'](id);
    // "Sign-in ends soon": one click signs in again (the code shows in the launcher).
    if (action?.id === 'sign-in') void ctx.core['signin:start'](action.signIn);
    const open = id ? ctx.windows.windowsOf(id) : {};
    if (id && (open.app || open.desktop)) ctx.windows.focus(id, open.app ? 'app' : 'desktop');
    else ctx.launcher.show();
  });
}
