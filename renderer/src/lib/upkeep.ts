// What the rows, group headers and status line show of session lifetime, cost and idle rules.
import type { CostSummary, IdleRule, Settings, VirtualComputer } from '../../../electron/shared/models.js';

/** The extra line a row can open: its idle-rule editor or a stop confirmation. */
export type RowPanel = 'rule' | 'stop-session' | 'stop-computer';

/** The idle-rule button's words: the rule in short, that it cannot be read, or that there is none. */
export function ruleLabel(rule: IdleRule | undefined, unreadable?: boolean): string {
  if (rule) return `Idle stop ${rule.thresholdPercent}% · ${rule.durationMinutes} min`;
  return unreadable ? 'Idle stop rule unreadable' : 'No idle stop';
}

/** Whether a stop asks first (warnBeforeStop, on until the user ticks "Don't ask again"). */
export function asksBeforeStop(settings: Settings | undefined): boolean {
  return settings?.warnBeforeStop ?? true;
}

/** The session's time left is worth showing: the launcher knows its end and it is started. */
export function showsTimeLeft(c: VirtualComputer): c is VirtualComputer & { sessionExpiresAt: number } {
  return c.sessionExpiresAt !== undefined && c.state === 'running';
}

/** A profile's month-to-date cost and budget from the summary, for its group header. */
export function profileCost(
  costs: CostSummary | undefined,
  profile: string,
): CostSummary['profiles'][number] | undefined {
  return costs?.profiles.find((p) => p.profile === profile);
}

/** A plan's price per hour: "$0.53 an hour" (three decimals under a cent's worth). */
export function formatUsdPerHour(usd: number): string {
  return `$${usd < 0.1 ? usd.toFixed(3) : usd.toFixed(2)} an hour`;
}
