// Settings glue: the conf-backed store from the core (defaults in memory, with a notice, when
// the file cannot be opened at all: a directory, no permission, a full disk), plus the side
// effects a setting has on the operating system (login item, global shortcut).
import { join } from 'node:path';
import * as v from 'valibot';
import { SettingsPatchSchema } from '../shared/ipc-contract.js';
import type { Settings } from '../shared/models.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { createSettingsStore, SETTINGS_FILE, type PersistentSettingsStore } from '../core/settings.js';

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

/** Apply the effects of store's settings now and keep the OS in step with every change. */
export function followSettings(
  store: Pick<PersistentSettingsStore, 'get' | 'onChange'>,
  fx: SettingsEffects,
): void {
  let prev = store.get();
  applySettingsEffects(prev, undefined, fx);
  store.onChange((next) => {
    applySettingsEffects(next, prev, fx);
    prev = next;
  });
}

/** Settings held in memory only, for a run whose settings file cannot be used. */
export function createMemorySettingsStore(path: string, notice: string): PersistentSettingsStore {
  let current: Settings = structuredClone(DEFAULT_SETTINGS);
  const listeners = new Set<(s: Settings) => void>();
  return {
    path,
    notice,
    get: () => structuredClone(current),
    update(patch) {
      const valid = v.parse(SettingsPatchSchema, patch);
      current = {
        ...current,
        ...Object.fromEntries(Object.entries(valid).filter(([, x]) => x !== undefined)),
      } as Settings;
      for (const l of listeners) l(structuredClone(current));
      return structuredClone(current);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Open the settings in dir; when they cannot be opened, defaults in memory with a notice saying so. */
export function openSettings(dir: string, log: { warn(...a: unknown[]): void }): PersistentSettingsStore {
  try {
    return createSettingsStore({ dir });
  } catch (err) {
    const file = join(dir, SETTINGS_FILE);
    const why = err instanceof Error && 'code' in err ? ` (${String(err.code)})` : '';
    log.warn(`settings file ${file} cannot be used${why}: defaults in memory for this run`, err);
    return createMemorySettingsStore(
      file,
      `Your settings file ${file} could not be opened${why}, so the defaults are in use for this run and changes will not be kept. Remove or repair that file and restart the launcher.`,
    );
  }
}
