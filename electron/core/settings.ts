// User settings persisted with conf (atomic writes, plain JSON) in a directory the shell
// chooses (Electron's userData). Works in plain Node so it is tested without Electron.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import * as v from 'valibot';
import { SettingsPatchSchema } from '../shared/ipc-contract.js';
import type { Settings } from '../shared/models.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import type { SettingsStore } from './ports.js';

/** File name inside the settings directory. */
export const SETTINGS_FILE = 'settings.json';

/** A SettingsStore, plus a notice when the file on disk was unusable and was replaced. */
export type PersistentSettingsStore = SettingsStore & {
  notice?: string;
  /** Where the settings live. */
  readonly path: string;
  /** Subscribe to changes; returns an unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void;
};

/** Options for createSettingsStore. */
export interface SettingsStoreOptions {
  dir: string;
  /** For the backup file name; defaults to Date.now. */
  now?: () => number;
}

// conf keeps its own bookkeeping under this key; it is not a setting.
const CONF_INTERNAL = '__internal__';

function validStored(raw: string): boolean {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return false;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const { [CONF_INTERNAL]: _internal, ...rest } = data as Record<string, unknown>;
  return v.safeParse(SettingsPatchSchema, rest).success;
}

/** Open (or create) the settings in dir; a corrupt file is backed up and replaced by defaults. */
export function createSettingsStore(opts: SettingsStoreOptions): PersistentSettingsStore {
  const now = opts.now ?? Date.now;
  const file = join(opts.dir, SETTINGS_FILE);
  let notice: string | undefined;
  if (existsSync(file) && !validStored(readFileSync(file, 'utf8'))) {
    // Keep the user's file for inspection rather than silently overwriting it.
    const backup = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, backup);
    notice = `Your settings file could not be read, so the defaults are in use. The old file was kept as ${backup}.`;
  }
  const conf = new Conf<Settings>({
    cwd: opts.dir,
    configName: 'settings',
    defaults: DEFAULT_SETTINGS,
    // A file that breaks while the app runs (edited by hand) reads as defaults, not a crash.
    clearInvalidConfig: true,
  });
  const listeners = new Set<(s: Settings) => void>();
  const read = (): Settings => {
    const stored = conf.store as Partial<Settings> & Record<string, unknown>;
    const out = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
    for (const key of Object.keys(DEFAULT_SETTINGS)) if (key in stored) out[key] = stored[key];
    return structuredClone(out as unknown as Settings);
  };
  const store: PersistentSettingsStore = {
    path: conf.path,
    get: read,
    update(patch) {
      const valid = v.parse(SettingsPatchSchema, patch);
      const next = { ...read(), ...Object.fromEntries(Object.entries(valid).filter(([, x]) => x !== undefined)) } as Settings;
      conf.store = next;
      const fresh = read();
      for (const l of listeners) l(fresh);
      return fresh;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  if (notice) store.notice = notice;
  return store;
}
