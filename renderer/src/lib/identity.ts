// One computer, one row: which profiles reach a computer and which one is used, and where a
// session can be opened (launcher window, DCV client, system browser). Pure, for the row's menu.
import type { AppInfo, SessionKind, Settings, VirtualComputer } from '../../../electron/shared/models.js';
import { kindLabel } from '../../../electron/shared/session.js';

import type { OpenTarget } from '../../../electron/shared/settings.js';

/** Where a session opens (shared/settings.ts). */
export type { OpenTarget };

/** The profiles a computer is reached through, when more than one; the used one first is not implied. */
export function reachedThrough(c: VirtualComputer): string[] {
  return c.reachedThrough && c.reachedThrough.length > 1 ? c.reachedThrough : [];
}

/** The settings change that makes the launcher use `profile` for this computer. */
export function pickProfile(
  settings: Settings | undefined,
  c: VirtualComputer,
  profile: string,
): Partial<Settings> | undefined {
  if (!c.arn || !reachedThrough(c).includes(profile)) return undefined;
  return { computerProfiles: { ...(settings?.computerProfiles ?? {}), [c.arn]: profile } };
}

/** Names of the targets, as menus and settings show them. */
export const TARGET_LABELS: Record<OpenTarget, string> = {
  window: 'Launcher window',
  client: 'DCV client',
  browser: 'System browser',
};

/** One "Open in…" item of a row's menu. */
export interface OpenItem {
  kind: SessionKind;
  target: Exclude<OpenTarget, 'window'>;
  label: string;
  enabled: boolean;
  /** Why it is disabled. */
  reason?: string;
}

/** Why the DCV client cannot be used, or undefined when it can. */
export function clientUnavailable(info: AppInfo | undefined): string | undefined {
  const c = info?.dcvClient;
  if (!c) return 'This launcher cannot start the DCV client.';
  return c.available ? undefined : c.reason;
}

/** The "Open in DCV client" and "Open in browser" items for both kinds. */
export function openItems(
  info: AppInfo | undefined,
  canOpen: Record<SessionKind, { enabled: boolean; reason?: string }>,
): OpenItem[] {
  const client = clientUnavailable(info);
  return (['app', 'desktop'] as const).flatMap((kind) => {
    const blocked = canOpen[kind].enabled ? undefined : canOpen[kind].reason;
    const what = kindLabel(kind).toLowerCase();
    const item = (target: OpenItem['target'], label: string, reason: string | undefined): OpenItem =>
      reason ? { kind, target, label, enabled: false, reason } : { kind, target, label, enabled: true };
    return [
      item('client', `Open ${what} in DCV client`, blocked ?? client),
      item('browser', `Open ${what} in browser`, blocked),
    ];
  });
}

/** A microphone/camera answer as Settings lists it. */
export interface MediaGrantRow {
  computerId: string;
  label: string;
  allowed: boolean;
}

/** The remembered microphone and camera answers, named by computer and where it is. */
export function mediaGrantRows(
  grants: Settings['mediaGrants'],
  describe: (id: string) => string,
): MediaGrantRow[] {
  return Object.entries(grants)
    .map(([computerId, allowed]) => ({ computerId, label: describe(computerId), allowed }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The settings without one remembered answer, so the launcher asks again. */
export function withoutGrant(grants: Settings['mediaGrants'], id: string): Settings['mediaGrants'] {
  return Object.fromEntries(Object.entries(grants).filter(([k]) => k !== id));
}

/** The pins without one host:port's, so its certificate is asked about again. */
export function withoutPin(pins: Settings['certificatePins'], hostPort: string): Settings['certificatePins'] {
  return pins.filter((p) => p.hostPort !== hostPort);
}
