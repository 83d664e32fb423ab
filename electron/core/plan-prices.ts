// What a computer's plan costs per hour (GetBundles: Lightsail prices plans per month), asked
// when the launcher is about to start a stopped computer, so the question can say it.
import { GetBundlesCommand, type LightsailClient } from '@aws-sdk/client-lightsail';
import type { PlanPrice, Result } from '../shared/models.js';
import { toLauncherError } from './errors.js';

/** Hours in a month, as Lightsail prices its plans (monthly price = hourly × 730). */
export const HOURS_PER_MONTH = 730;
/** How long a region's plan prices are kept. */
export const PLAN_PRICE_TTL_MS = 6 * 60 * 60_000;

/** A computer as plan prices need it. */
export interface PricedTarget {
  region: string;
  profile: string;
  bundleId: string;
  client: LightsailClient;
}

/** Plan prices per region, fetched once (GetBundles, LfR plans and retired ones) and kept a while. */
export class PlanPrices {
  readonly #cache = new Map<string, { at: number; prices: Promise<Map<string, PlanPrice>> }>();

  constructor(private readonly now: () => number) {}

  /** The price of the target's plan, or an error saying why it is not known. */
  async priceOf(t: PricedTarget, signal?: AbortSignal): Promise<Result<PlanPrice | null>> {
    const key = t.region;
    let entry = this.#cache.get(key);
    if (!entry || this.now() - entry.at > PLAN_PRICE_TTL_MS) {
      entry = { at: this.now(), prices: this.#fetch(t.client, signal) };
      this.#cache.set(key, entry);
    }
    try {
      return { ok: true, value: (await entry.prices).get(t.bundleId) ?? null };
    } catch (err) {
      if (this.#cache.get(key) === entry) this.#cache.delete(key);
      return {
        ok: false,
        error: toLauncherError(err, { profile: t.profile, region: t.region, action: 'read the plan prices' }),
      };
    }
  }

  async #fetch(client: LightsailClient, signal?: AbortSignal): Promise<Map<string, PlanPrice>> {
    const out = new Map<string, PlanPrice>();
    let pageToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await client.send(
        new GetBundlesCommand({
          appCategory: 'LfR',
          includeInactive: true,
          ...(pageToken ? { pageToken } : {}),
        }),
        { abortSignal: signal },
      );
      for (const b of r.bundles ?? []) {
        if (
          typeof b.bundleId !== 'string' ||
          typeof b.price !== 'number' ||
          !Number.isFinite(b.price) ||
          b.price < 0
        )
          continue;
        out.set(b.bundleId, {
          bundleId: b.bundleId,
          ...(b.name ? { name: b.name } : {}),
          usdPerHour: Math.round((b.price / HOURS_PER_MONTH) * 1000) / 1000,
        });
      }
      pageToken = r.nextPageToken;
      if (!pageToken) break;
    }
    return out;
  }
}
