// Month-to-date cost per computer from GetCostEstimate (the first of the month, UTC, to now),
// cached and refreshed at most hourly unless asked; totals per profile and in all; a monthly
// budget per profile, with one notification per profile and month when it is passed.
import { GetCostEstimateCommand, type LightsailClient } from '@aws-sdk/client-lightsail';
import pLimit from 'p-limit';
import type { ComputerId, CostSummary, LauncherError, Result, VirtualComputer } from '../shared/models.js';
import { formatUsd as usd } from '../shared/lifetime.js';
import { launcherErrors, toLauncherError } from './errors.js';
import type { Clock } from './ports.js';

/** Estimates younger than this are not asked for again (unless forced). */
export const COST_MAX_AGE_MS = 3_600_000;

/** 00:00 UTC on the first day of the month `now` falls in. */
export function monthStartUtc(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

const DAY_MS = 86_400_000;

/**
 * The range asked of GetCostEstimate: whole UTC days from the first of the month through the
 * end of today. The start is never in the future (the API calls that a validation error), and
 * in the first minutes of a month the range is still a whole day, not seconds long.
 */
export function costRange(now: number): { startTime: Date; endTime: Date } {
  return { startTime: monthStartUtc(now), endTime: new Date((Math.floor(now / DAY_MS) + 1) * DAY_MS) };
}

/** One computer's month to date, as read from GetCostEstimate. */
export interface MonthToDate {
  /** The sum of the USD rows; undefined when a row's value could not be read (the cost is unknown). */
  usd: number | undefined;
  /** Currencies of rows left out of the sum ("no currency" for rows without one). */
  leftOut: string[];
  /** Rows dropped as unreadable, one line each (the diagnostic). */
  dropped: string[];
}

/** The USD rows of GetCostEstimate for one computer from the first of the month through today, added up. */
export async function fetchMonthToDate(
  client: LightsailClient,
  name: string,
  now: number,
  signal?: AbortSignal,
): Promise<MonthToDate> {
  const out = await client.send(new GetCostEstimateCommand({ resourceName: name, ...costRange(now) }), {
    abortSignal: signal,
  });
  let usd = 0;
  const leftOut = new Set<string>();
  const dropped: string[] = [];
  for (const r of out.resourcesBudgetEstimate ?? []) {
    for (const e of r.costEstimates ?? []) {
      for (const t of e.resultsByTime ?? []) {
        // usageCost is "the amount of cost or usage": only a row in dollars is a cost to add.
        if (t.currency !== 'USD') {
          const currency: unknown = t.currency;
          leftOut.add(typeof currency === 'string' && currency ? currency.slice(0, 12) : 'no currency');
          continue;
        }
        const v: unknown = t.usageCost ?? 0;
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
          if (dropped.length < 5)
            dropped.push(`usageCost ${String(v).slice(0, 20)} (${e.usageType ?? 'no usage type'})`);
          continue;
        }
        usd += v;
      }
    }
  }
  // A dropped row would make any sum too low, so the cost is unknown rather than understated.
  return {
    usd: dropped.length ? undefined : Math.round(usd * 100) / 100,
    leftOut: [...leftOut].sort(),
    dropped,
  };
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
  /** Profiles whose listing failed now (expired sign-in, say): their totals are unknown. */
  failedProfiles?(): ReadonlySet<string>;
  maxAgeMs?: number;
  concurrency?: number;
}

interface Entry {
  usd: number;
  at: number;
  month: number;
  leftOut: string[];
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
  costOf(id: ComputerId): NonNullable<VirtualComputer['cost']> | undefined {
    const e = this.cache.get(id);
    if (!e || e.month !== monthKey(this.deps.clock.now())) return undefined;
    return {
      monthToDateUsd: e.usd,
      asOf: new Date(e.at).toISOString(),
      ...(e.leftOut.length ? { leftOut: e.leftOut } : {}),
    };
  }

  /** Why a computer's estimate could not be fetched the last time it was asked. */
  failureOf(id: ComputerId): LauncherError | undefined {
    return this.failures.get(id);
  }

  /** Fetches what is older than an hour (or everything, `force`), then checks budgets. Concurrent calls share one run. */
  refresh(
    computers: readonly VirtualComputer[],
    opts: { force?: boolean; signal?: AbortSignal } = {},
  ): Promise<CostSummary> {
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

  /**
   * Totals per profile and in all, from the cache, with each profile's budget. A profile's total
   * is unknown (no monthToDateUsd) when none of its computers could be priced or it failed to
   * list (`failedProfiles`): "—", never "$0.00". One that listed no computer costs $0.00.
   */
  summary(
    computers: readonly VirtualComputer[],
    failedProfiles: ReadonlySet<string> = this.deps.failedProfiles?.() ?? new Set(),
  ): CostSummary {
    const budgets = this.deps.budgets();
    const now = this.deps.clock.now();
    const known = new Map<string, number>();
    const seen = new Set<string>(failedProfiles);
    const missing: ComputerId[] = [];
    const leftOut = new Set<string>();
    let oldest: number | undefined;
    for (const c of computers) {
      seen.add(c.profile);
      const e = this.cache.get(c.id);
      if (!e || e.month !== monthKey(now)) {
        missing.push(c.id);
        continue;
      }
      known.set(c.profile, (known.get(c.profile) ?? 0) + e.usd);
      for (const x of e.leftOut) leftOut.add(x);
      oldest = oldest === undefined ? e.at : Math.min(oldest, e.at);
    }
    for (const p of Object.keys(budgets)) {
      if (!seen.has(p)) known.set(p, 0);
      seen.add(p);
    }
    const profiles = [...seen]
      .sort((a, b) => a.localeCompare(b))
      .map((profile) => {
        const budget = Object.hasOwn(budgets, profile) ? budgets[profile] : undefined;
        const sum = known.get(profile);
        const monthToDateUsd = sum === undefined ? undefined : round(sum);
        return {
          profile,
          ...(monthToDateUsd !== undefined ? { monthToDateUsd } : {}),
          ...(budget !== undefined ? { budgetUsd: budget } : {}),
          overBudget: budget !== undefined && monthToDateUsd !== undefined && monthToDateUsd > budget,
        };
      });
    const sums = profiles.flatMap((p) => (p.monthToDateUsd !== undefined ? [p.monthToDateUsd] : []));
    return {
      profiles,
      ...(sums.length ? { totalUsd: round(sums.reduce((x, y) => x + y, 0)) } : {}),
      ...(oldest !== undefined ? { asOf: new Date(oldest).toISOString() } : {}),
      missing,
      ...(leftOut.size ? { leftOut: [...leftOut].sort() } : {}),
    };
  }

  /** `cost:refresh`: every estimate fetched now. */
  async refreshNow(
    computers: readonly VirtualComputer[],
    signal?: AbortSignal,
  ): Promise<Result<CostSummary>> {
    try {
      return {
        ok: true,
        value: await this.refresh(computers, { force: true, ...(signal ? { signal } : {}) }),
      };
    } catch (err) {
      return { ok: false, error: toLauncherError(err, { action: 'estimate costs' }) };
    }
  }

  private async fetch(
    computers: readonly VirtualComputer[],
    opts: { force?: boolean; signal?: AbortSignal },
  ): Promise<CostSummary> {
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
            const got = await fetchMonthToDate(this.deps.clientFor(c), c.name, now, opts.signal);
            if (got.usd === undefined) {
              // Shown as "—" with the reason; the last good figure would be as wrong as $NaN.
              this.cache.delete(c.id);
              this.failures.set(
                c.id,
                launcherErrors.unreadableCost(c.name, got.dropped, { profile: c.profile, region: c.region }),
              );
              this.failedAt.set(c.id, now);
              return;
            }
            this.cache.set(c.id, { usd: got.usd, at: now, month: monthKey(now), leftOut: got.leftOut });
            this.failures.delete(c.id);
          } catch (err) {
            if (opts.signal?.aborted) throw err;
            // One computer's estimate failing (permissions, say) leaves the others standing.
            this.failures.set(
              c.id,
              toLauncherError(err, { profile: c.profile, region: c.region, action: 'estimate the cost' }),
            );
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
      if (!p.overBudget || p.budgetUsd === undefined || p.monthToDateUsd === undefined) continue;
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
