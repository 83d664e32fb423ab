// Hidden profiles: not listed, not scanned (Settings.hiddenProfiles), hidden and shown again
// from a group's menu and from Settings.
import type { Settings, VirtualComputer } from '../../../electron/shared/models.js';

/** The settings change that hides a profile. */
export function hideProfile(settings: Settings | undefined, profile: string): Partial<Settings> {
  const hidden = settings?.hiddenProfiles ?? [];
  return { hiddenProfiles: hidden.includes(profile) ? [...hidden] : [...hidden, profile] };
}

/** The settings change that shows a hidden profile again. */
export function showProfile(settings: Settings | undefined, profile: string): Partial<Settings> {
  return { hiddenProfiles: (settings?.hiddenProfiles ?? []).filter((p) => p !== profile) };
}

/**
 * The computers the settings still let through: none of a hidden profile, none outside the
 * chosen regions. The core sweeps again after such a change; this shows it before the sweep ends.
 */
export function withinSettings(
  computers: VirtualComputer[],
  settings: Settings | undefined,
): VirtualComputer[] {
  const hidden = new Set(settings?.hiddenProfiles ?? []);
  const regions = new Set(settings?.regions ?? []);
  if (hidden.size === 0 && regions.size === 0) return computers;
  return computers.filter((c) => !hidden.has(c.profile) && (regions.size === 0 || regions.has(c.region)));
}
