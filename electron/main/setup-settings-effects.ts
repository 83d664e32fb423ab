// What a setting changes outside the app: the login item and the global shortcut, applied at
// start and whenever the setting changes. A shortcut the OS refuses is kept as a reason the
// settings dialog shows (app:info's shortcutError).
import { app, globalShortcut } from 'electron';
import type { MainContext } from './context.js';
import { createShortcutBinding, isWaylandSession, nextShortcutTarget } from './global-shortcut.js';
import { applyStartAtLogin } from './login-item.js';
import { followSettings } from './settings-store.js';

/** Bring the next session window to front (the global shortcut), or the launcher when none is open. */
function cycleSessionWindows(ctx: MainContext): void {
  const target = nextShortcutTarget(ctx.windows.list(), ctx.windows.history());
  if (target) ctx.windows.focus(target.computerId, target.kind);
  else ctx.launcher.show();
}

/** Apply and follow the settings with OS effects; returns why the shortcut is not in effect, if so. */
export function setupSettingsEffects(ctx: MainContext): { shortcutError(): string | undefined } {
  const shortcut = createShortcutBinding(globalShortcut, () => cycleSessionWindows(ctx), ctx.log, {
    platform: process.platform,
    wayland: isWaylandSession(process.env, process.platform),
  });
  followSettings(ctx.settings, {
    setStartAtLogin: (on) => {
      if (!ctx.e2e) applyStartAtLogin(on);
    },
    setGlobalShortcut: (acc) => shortcut.apply(acc),
  });
  app.on('will-quit', () => shortcut.dispose());
  return { shortcutError: shortcut.error };
}
