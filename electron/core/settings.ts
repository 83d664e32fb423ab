// User settings persisted with conf (atomic writes, plain JSON) in a directory the shell
// chooses (Electron's userData). Works in plain Node so it is tested without Electron.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import * as v from 'valibot';
import type { Settings } from '../shared/models.js';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  settingEntries,
  validSetting,
  type SettingKey,
} from '../shared/settings.js';
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

/**
 * The settings in stored data, each key checked on its own: a valid value is kept, an invalid
 * or missing one is that key's default, and keys this version does not know are not settings
 * (the store keeps them in the file for the version that wrote them). In a list or map setting
 * (pins, favourites…) an invalid entry is dropped alone: one hand-edit typo must not cost the
 * user every pin.
 */
export function settingsFrom(stored: Readonly<Record<string, unknown>>): {
  settings: Settings;
  invalid: SettingKey[];
  dropped: { key: SettingKey; entries: string[] }[];
} {
  const out: Record<string, unknown> = {};
  const invalid: SettingKey[] = [];
  const dropped: { key: SettingKey; entries: string[] }[] = [];
  for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) {
    const has = Object.hasOwn(stored, key);
    let valid = has ? validSetting(key, stored[key]) : undefined;
    if (has && valid === undefined) {
      const partial = settingEntries(key, stored[key]);
      if (partial) {
        valid = partial.value;
        dropped.push({ key, entries: partial.dropped });
      }
    }
    if (has && valid === undefined) invalid.push(key);
    out[key] = valid ?? structuredClone(DEFAULT_SETTINGS[key]);
  }
  return { settings: out as Settings, invalid, dropped };
}

// Notepad and PowerShell save UTF-8 with a byte-order mark, which JSON.parse refuses.
const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function storedObject(raw: string): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(withoutBom(raw));
  } catch {
    return undefined;
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

/**
 * Open (or create) the settings in dir. A file that is not a JSON object is backed up and
 * replaced by defaults; otherwise every read (conf re-reads the file each time, so hand edits
 * while the app runs count) keeps each valid setting and uses the default for each invalid one.
 */
export function createSettingsStore(opts: SettingsStoreOptions): PersistentSettingsStore {
  const now = opts.now ?? Date.now;
  const file = join(opts.dir, SETTINGS_FILE);
  let notice: string | undefined;
  if (existsSync(file)) {
    const stored = storedObject(readFileSync(file, 'utf8'));
    if (!stored) {
      // Keep the user's file for inspection rather than silently overwriting it.
      const backup = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, backup);
      notice = `Your settings file could not be read, so the defaults are in use. The old file was kept as ${backup}.`;
    } else {
      const { invalid, dropped } = settingsFrom(stored);
      const notes: string[] = [];
      if (invalid.length > 0)
        notes.push(
          `Some settings in ${file} are not valid, so their defaults are in use: ${invalid.join(', ')}.`,
        );
      for (const d of dropped)
        notes.push(
          `Entries of ${d.key} in ${file} are not valid and are left out: ${d.entries.map((e) => JSON.stringify(e)).join(', ')}.`,
        );
      if (notes.length > 0) notice = notes.join(' ');
    }
  }
  const conf = new Conf<Record<string, unknown>>({
    cwd: opts.dir,
    configName: 'settings',
    defaults: DEFAULT_SETTINGS,
    // A file that stops being JSON while the app runs (edited by hand) reads as defaults, not a crash.
    clearInvalidConfig: true,
    deserialize: (text: string) => JSON.parse(withoutBom(text)) as Record<string, unknown>,
  });
  const listeners = new Set<(s: Settings) => void>();
  const read = (): Settings => settingsFrom(conf.store).settings;
  const store: PersistentSettingsStore = {
    path: conf.path,
    get: read,
    update(patch) {
      const valid = v.parse(SettingsPatchSchema, patch);
      const defined = Object.fromEntries(Object.entries(valid).filter(([, x]) => x !== undefined));
      // Unknown keys (a newer version's settings) stay in the file as they are.
      conf.store = { ...conf.store, ...read(), ...defined };
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
