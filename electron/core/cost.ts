// Month-to-date cost per computer from GetCostEstimate (the first of the month, UTC, to now),
// cached and refreshed at most hourly unless asked; totals per profile and in all; a monthly
// budget per profile, with one notification per profile and month when it is passed.
import { GetCostEstimateCommand, type LightsailClient } from '@aws-sdk/client-lightsail';
import pLimit from 'p-limit';
import type { ComputerId, CostSummary, LauncherError, Result, VirtualComputer } from '../shared/models.js';
import { formatUsd as usd } from '../shared/lifetime.js';
import { toLauncherError } from './errors.js';
import type { Clock } from './ports.js';

/** Estimates younger than this are not asked for again (unless forced). */
export const COST_MAX_AGE_MS = 3_600_000;

/** 00:00 UTC on the first day of the month `now` falls in. */
export function monthStartUtc(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** Sum of every usage cost GetCostEstimate reports for one computer from the first of the month to now, in USD. */
export async function fetchMonthToDate(client: LightsailClient, name: string, now: number, signal?: AbortSignal): Promise<number> {
  const out = await client.send(new GetCostEstimateCommand({ resourceName: name, startTime: monthStartUtc(now), endTime: new Date(now) }), { abortSignal: signal });
  let usd = 0;
  for (const r of out.resourcesBudgetEstimate ?? []) {
    for (const e of r.costEstimates ?? []) {
      for (const t of e.resultsByTime ?? []) {
        // Only USD is documented; anything else would be summed wrongly, so it is skipped.
        if (t.currency !== undefined && t.currency !== 'USD') continue;
        usd += t.usageCost ?? 0;
      }
    }
  }
  return Math.round(usd * 100) / 100;
}

/** A notification the budget check asks for. */
export interface BudgetNotice {
  profile: string;
  title: string;
  body: string;
}

/** What the tracker needs. */
export interface CostTrackerDeps {
  clock: Pick<Clock, 'now'>;
  clientFor(computer: VirtualComputer): LightsailClient;
  /** Budgets in USD per profile (Settings.budgets). */
  budgets(): Readonly<Record<string, number>>;
  notify(n: BudgetNotice): void;
  maxAgeMs?: number;
  concurrency?: number;
}

interface Entry {
  usd: number;
  at: number;
  month: number;
}

const monthKey = (t: number) => monthStartUtc(t).getTime();

/** Month-to-date costs, cached per computer. */
export class CostTracker {
  private readonly cache = new Map<ComputerId, Entry>();
  private readonly failures = new Map<ComputerId, LauncherError>();
  private readonly notified = new Set<string>();
  private readonly failedAt = new Map<ComputerId, number>();
  private inFlight: Promise<CostSummary> | undefined;
  /** How many estimates the last refresh fetched (0: everything was fresh enough). */
  lastFetched = 0;

  constructor(private readonly deps: CostTrackerDeps) {}

  /** The cached estimate of a computer for this month, if any. */
  costOf(id: ComputerId): { monthToDateUsd: number; asOf: string } | undefined {
    const e = this.cache.get(id);
    if (!e || e.month !== monthKey(this.deps.clock.now())) return undefined;
    return { monthToDateUsd: e.usd, asOf: new Date(e.at).toISOString() };
  }

  /** Why a computer's estimate could not be fetched the last time it was asked. */
  failureOf(id: ComputerId): LauncherError | undefined {
    return this.failures.get(id);
  }

  /** Fetches what is older than an hour (or everything, `force`), then checks budgets. Concurrent calls share one run. */
  refresh(computers: readonly VirtualComputer[], opts: { force?: boolean; signal?: AbortSignal } = {}): Promise<CostSummary> {
    if (this.inFlight) return this.inFlight;
    const run = this.fetch(computers, opts).finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  /** The list with each computer's cached cost. */
  annotate(computers: readonly VirtualComputer[]): VirtualComputer[] {
    return computers.map((c) => {
      const cost = this.costOf(c.id);
      return cost ? { ...c, cost } : c;
    });
  }

  /** Totals per profile and in all, from the cache, with each profile's budget. */
  summary(computers: readonly VirtualComputer[]): CostSummary {
    const budgets = this.deps.budgets();
    const perProfile = new Map<string, number>();
    const missing: ComputerId[] = [];
    let oldest: number | undefined;
    for (const c of computers) {
      const e = this.cache.get(c.id);
      if (!e || e.month !== monthKey(this.deps.clock.now())) {
        missing.push(c.id);
        perProfile.set(c.profile, perProfile.get(c.profile) ?? 0);
        continue;
      }
      perProfile.set(c.profile, (perProfile.get(c.profile) ?? 0) + e.usd);
      oldest = oldest === undefined ? e.at : Math.min(oldest, e.at);
    }
    for (const p of Object.keys(budgets)) if (!perProfile.has(p)) perProfile.set(p, 0);
    const profiles = [...perProfile.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([profile, usd]) => {
        const budget = Object.hasOwn(budgets, profile) ? budgets[profile] : undefined;
        const monthToDateUsd = round(usd);
        return { profile, monthToDateUsd, ...(budget !== undefined ? { budgetUsd: budget } : {}), overBudget: budget !== undefined && monthToDateUsd > budget };
      });
    return { profiles, totalUsd: round(profiles.reduce((s, p) => s + p.monthToDateUsd, 0)), ...(oldest !== undefined ? { asOf: new Date(oldest).toISOString() } : {}), missing };
  }

  /** `cost:refresh`: every estimate fetched now. */
  async refreshNow(computers: readonly VirtualComputer[], signal?: AbortSignal): Promise<Result<CostSummary>> {
    try {
      return { ok: true, value: await this.refresh(computers, { force: true, ...(signal ? { signal } : {}) }) };
    } catch (err) {
      return { ok: false, error: toLauncherError(err, { action: 'estimate costs' }) };
    }
  }

  private async fetch(computers: readonly VirtualComputer[], opts: { force?: boolean; signal?: AbortSignal }): Promise<CostSummary> {
    const now = this.deps.clock.now();
    const maxAge = this.deps.maxAgeMs ?? COST_MAX_AGE_MS;
    const limit = pLimit(Math.max(1, this.deps.concurrency ?? 8));
    const due = computers.filter((c) => {
      const e = this.cache.get(c.id);
      // A computer that failed is asked again with the others, at most hourly too.
      const failedAt = this.failedAt.get(c.id);
      if (!opts.force && !e && failedAt !== undefined && now - failedAt < maxAge) return false;
      return opts.force || !e || e.month !== monthKey(now) || now - e.at >= maxAge;
    });
    this.lastFetched = due.length;
    await Promise.all(
      due.map((c) =>
        limit(async () => {
          opts.signal?.throwIfAborted();
          try {
            const usd = await fetchMonthToDate(this.deps.clientFor(c), c.name, now, opts.signal);
            this.cache.set(c.id, { usd, at: now, month: monthKey(now) });
            this.failures.delete(c.id);
          } catch (err) {
            if (opts.signal?.aborted) throw err;
            // One computer's estimate failing (permissions, say) leaves the others standing.
            this.failures.set(c.id, toLauncherError(err, { profile: c.profile, region: c.region, action: 'estimate the cost' }));
            this.failedAt.set(c.id, now);
          }
        }),
      ),
    );
    const summary = this.summary(computers);
    this.checkBudgets(summary, now);
    return summary;
  }

  private checkBudgets(summary: CostSummary, now: number): void {
    const month = new Date(monthKey(now)).toISOString().slice(0, 7);
    for (const p of summary.profiles) {
      if (!p.overBudget || p.budgetUsd === undefined) continue;
      const key = `${month}\u0000${p.profile}`;
      if (this.notified.has(key)) continue;
      this.notified.add(key);
      this.deps.notify({
        profile: p.profile,
        title: `Profile ${p.profile} is over its monthly budget`,
        body: `The estimate this month is ${usd(p.monthToDateUsd)}, over the budget of ${usd(p.budgetUsd)}.`,
      });
    }
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
