// What a setting changes outside the app: the login item and the global shortcut, applied at
// start and whenever the setting changes. A shortcut the OS refuses is kept as a reason the
// settings dialog shows (app:info's shortcutError).
import { app } from 'electron';
import type { MainContext } from './context.js';
import { applyStartAtLogin } from './login-item.js';
import { followSettings } from './settings-store.js';

/** Apply and follow the settings with OS effects (the context's global shortcut among them). */
export function setupSettingsEffects(ctx: MainContext): void {
  followSettings(ctx.settings, {
    setStartAtLogin: (on) => {
      if (!ctx.e2e) applyStartAtLogin(on);
    },
    setGlobalShortcut: (acc) => ctx.shortcut.apply(acc),
  });
  app.on('will-quit', () => ctx.shortcut.dispose());
}
