// Settings kept in memory: for tests, the CLI and the browser host (the shell persists with conf).
import type { Settings } from '../shared/models.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import type { SettingsStore } from './ports.js';

/** A SettingsStore that lives in memory, starting from the defaults plus `initial`. */
export function createMemorySettings(initial: Partial<Settings> = {}): SettingsStore {
  let current: Settings = structuredClone({ ...DEFAULT_SETTINGS, ...initial });
  return {
    get: () => structuredClone(current),
    update(patch) {
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as Partial<Settings>;
      current = structuredClone({ ...current, ...defined });
      return structuredClone(current);
    },
  };
}
