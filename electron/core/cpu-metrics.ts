// CPU figures: GetInstanceMetricData (CPUUtilization) for one computer, fetched only when asked
// (a row's details or the idle-rule editor on screen), cached, and bounded in calls per minute;
// and what an idle-stop rule would have done over those figures.
import { GetInstanceMetricDataCommand, type LightsailClient } from '@aws-sdk/client-lightsail';
import type { CpuPoint } from '../shared/manage.js';
import type { Result } from '../shared/models.js';
import { failedAt, launcherErrors } from './errors.js';
import { checkName, type WriteTarget } from './manage-computers.js';
import type { Clock } from './ports.js';

/** Period of the figures: five minutes, Lightsail's finest for 24 hours within 1440 datapoints. */
export const CPU_PERIOD_SECONDS = 300;

/** GetInstanceMetricData for the last `hours` hours, averages per five minutes, oldest first. */
export async function fetchCpu(
  client: LightsailClient,
  target: WriteTarget,
  now: number,
  hours = 24,
  signal?: AbortSignal,
): Promise<Result<CpuPoint[]>> {
  const named = checkName('computer', target.name);
  if (!named.ok) return named;
  const h = Math.min(Math.max(1, Math.floor(hours)), 24 * 14);
  // 1440 datapoints at most per call: longer stretches use longer periods.
  const period = Math.max(CPU_PERIOD_SECONDS, Math.ceil((h * 3600) / 1440 / 60) * 60);
  try {
    const out = await client.send(
      new GetInstanceMetricDataCommand({
        instanceName: target.name,
        metricName: 'CPUUtilization',
        period,
        startTime: new Date(now - h * 3_600_000),
        endTime: new Date(now),
        unit: 'Percent',
        statistics: ['Average'],
      }),
      { abortSignal: signal },
    );
    const points = (out.metricData ?? [])
      .filter(
        (p) => p.timestamp instanceof Date && typeof p.average === 'number' && Number.isFinite(p.average),
      )
      .map((p) => ({ at: p.timestamp!.getTime(), percent: Math.min(100, Math.max(0, p.average!)) }))
      .sort((a, b) => a.at - b.at);
    return { ok: true, value: points };
  } catch (err) {
    return failedAt(err, target, `read the CPU figures of ${target.name}`);
  }
}

/** What an idle rule would have done over CPU figures (shared, so the renderer previews it too). */
export { idleRulePreview } from '../shared/manage.js';

/** Tuning of the metrics cache. */
export interface CpuCacheOptions {
  /** How long figures are reused (default 5 minutes: one new datapoint). */
  ttlMs?: number;
  /** Lightsail calls allowed per rolling minute, for all computers together (default 10). */
  maxCallsPerMinute?: number;
}

/** CPU figures per computer: fetched on request only, cached, and bounded in calls per minute. */
export class CpuMetricsCache {
  private readonly entries = new Map<string, { at: number; points: CpuPoint[] }>();
  private readonly inFlight = new Map<string, Promise<Result<CpuPoint[]>>>();
  private calls: number[] = [];
  private readonly ttlMs: number;
  private readonly maxCalls: number;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly fetch: (key: string) => Promise<Result<CpuPoint[]>>,
    opts: CpuCacheOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.maxCalls = opts.maxCallsPerMinute ?? 10;
  }

  /** Lightsail calls made in the last minute. */
  callsLastMinute(): number {
    const now = this.clock.now();
    this.calls = this.calls.filter((t) => now - t < 60_000);
    return this.calls.length;
  }

  /** The figures of one computer: cached ones while fresh, else one call if the budget allows. */
  get(key: string): Promise<Result<CpuPoint[]>> {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return Promise.resolve({ ok: true, value: hit.points });
    const running = this.inFlight.get(key);
    if (running) return running;
    if (this.callsLastMinute() >= this.maxCalls) {
      // Over budget: older figures are better than none.
      return Promise.resolve(
        hit ? { ok: true, value: hit.points } : { ok: false, error: launcherErrors.metricsBudget() },
      );
    }
    this.calls.push(now);
    const p = this.fetch(key)
      .then((r) => {
        if (r.ok) this.entries.set(key, { at: this.clock.now(), points: r.value });
        return r;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /** Forgets a computer (deleted, or its environment left). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
