// Words and limits of session lifetime, stop confirmation and idle-stop rules that the core,
// the tray and the renderer all show: one home, so they say the same thing.
import type { IdleRule } from './models.js';

/** The once-asked confirmation before Stop session / Stop computer; undefined once the user chose "Don't ask again". */
export function stopWarning(
  what: 'session' | 'computer',
  name: string,
  settings: { warnBeforeStop: boolean },
): { title: string; detail: string; confirm: string; dontAskAgain: "Don't ask again" } | undefined {
  if (!settings.warnBeforeStop) return undefined;
  return {
    title: what === 'session' ? `Stop the session on ${name}?` : `Stop ${name}?`,
    // After the StopGUISession reference: the session closes and unsaved data is lost.
    detail: `${what === 'session' ? 'The session' : 'The computer\u2019s session'} will close, and any unsaved data in it will be lost.`,
    confirm: what === 'session' ? 'Stop session' : 'Stop computer',
    dontAskAgain: "Don't ask again",
  };
}

/** Limits the idle-rule editor offers (the model carries both values as strings and documents no bounds). */
export const IDLE_RULE_LIMITS = {
  thresholdPercent: { min: 1, max: 100 },
  durationMinutes: { min: 5, max: 10_080 },
} as const;

/** The rule the console suggests: 5 % CPU for 30 minutes. */
export const DEFAULT_IDLE_RULE: IdleRule = { thresholdPercent: 5, durationMinutes: 30 };

/** The editor's warning, after the Lightsail for Research documentation on cost control rules. */
export const IDLE_RULE_WARNING =
  'Set the threshold below the CPU load this computer shows when nobody is using it. A threshold above its normal idle load stops it again shortly after every start.';

/** Why a rule cannot be set, in words for the editor; undefined when it is fine. */
export function idleRuleProblem(rule: IdleRule): string | undefined {
  const { thresholdPercent: t, durationMinutes: d } = IDLE_RULE_LIMITS;
  if (
    !Number.isFinite(rule.thresholdPercent) ||
    rule.thresholdPercent < t.min ||
    rule.thresholdPercent > t.max
  )
    return `The CPU threshold must be from ${t.min} to ${t.max} %.`;
  if (!Number.isInteger(rule.durationMinutes) || rule.durationMinutes < d.min || rule.durationMinutes > d.max)
    return `The duration must be a whole number of minutes from ${d.min} to ${d.max}.`;
  return undefined;
}

/** Time left as the row and the tray show it: "42 min left", "under a minute left"; "about 42 min left" when the end is presumed. */
export function timeLeftLabel(expiresAt: number, now: number, approximate = false): string {
  const ms = expiresAt - now;
  if (ms <= 0) return approximate ? 'ending' : 'ended';
  if (ms < 60_000) return approximate ? 'about a minute left' : 'under a minute left';
  return `${approximate ? 'about ' : ''}${Math.floor(ms / 60_000)} min left`;
}

/** A dollar amount as the launcher shows it: $12.34. */
export function formatUsd(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** What a cost that is not known shows, in place of a dollar amount. */
export const UNKNOWN_COST = '\u2014';

/** The note on a cost whose estimate had rows in other currencies, which are not added. */
export function costLeftOutNote(leftOut: readonly string[] | undefined): string | undefined {
  return leftOut?.length
    ? `Only US dollars are added; rows in ${leftOut.join(', ')} were left out.`
    : undefined;
}
