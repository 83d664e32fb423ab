// Settings glue: the conf-backed store from the core, plus the side effects a setting has on
// the operating system (login item, global shortcut), applied when it changes.
import type { Settings } from '../shared/models.js';
import { createSettingsStore } from '../core/settings.js';

/** OS-level effects of settings. */
export interface SettingsEffects {
  setStartAtLogin(on: boolean): void;
  setGlobalShortcut(accelerator: string): boolean;
}

/** Apply what differs between prev and next (everything when prev is undefined). */
export function applySettingsEffects(next: Settings, prev: Settings | undefined, fx: SettingsEffects): void {
  if (!prev || prev.startAtLogin !== next.startAtLogin) fx.setStartAtLogin(next.startAtLogin);
  if (!prev || prev.globalShortcut !== next.globalShortcut) fx.setGlobalShortcut(next.globalShortcut);
}

/** Open the settings in dir and keep the OS in step with them. */
export function openSettings(dir: string, fx: SettingsEffects) {
  const store = createSettingsStore({ dir });
  let prev = store.get();
  applySettingsEffects(prev, undefined, fx);
  store.onChange((next) => {
    applySettingsEffects(next, prev, fx);
    prev = next;
  });
  return store;
}
