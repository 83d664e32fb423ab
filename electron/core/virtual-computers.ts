// Virtual-computer discovery: every chosen profile × region in parallel, bounded by p-limit.
import { GetBlueprintsCommand, GetInstancesCommand, type Instance, type LightsailClient } from '@aws-sdk/client-lightsail';
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { InstanceStateName, ScopeError, VirtualComputer } from '../shared/models.js';
import { makeComputerId } from '../shared/computer-id.js';
import { toLauncherError } from './errors.js';
import type { ClientFactory } from './ports.js';
import { idleRuleOf } from './idle-rule.js';

/** The Lightsail regions, re-exported from their one home in shared/regions.ts. */
export { LFR_REGIONS } from '../shared/regions.js';

// Latency dominates a sweep (one round trip per profile × region, each region its own endpoint),
// so the bound is generous: 5 profiles × 16 regions finish in about one wave of round trips.
/** Default number of profile × region scopes swept at once. */
export const DEFAULT_DISCOVERY_CONCURRENCY = 80;

/** Default lifetime of cached LfR blueprint ids: blueprints change rarely. */
export const DEFAULT_BLUEPRINT_TTL_MS = 30 * 60_000;

// Credentials are per profile, not per region: these failures are shown once on the profile.
const PROFILE_WIDE_KINDS = new Set(['sign-in-required', 'no-credentials', 'profile-invalid']);
// These can be one region's doing (a region not enabled for the account answers
// UnrecognizedClientException), so they are folded into one only when every region says so.
const FOLDABLE_KINDS = new Set(['unauthenticated', 'expired-credentials']);

const STATE_NAMES = new Set<InstanceStateName>([
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
  'rebooting',
]);

/** Normalise a Lightsail instance state name. */
export function toStateName(name: string | undefined): InstanceStateName {
  return name && STATE_NAMES.has(name as InstanceStateName) ? (name as InstanceStateName) : 'unknown';
}

/**
 * LfR blueprint ids per region, shared across profiles and sweeps, expiring after a TTL.
 * Blueprints are Lightsail's public image catalogue, the same for every account in a region,
 * so one lookup per region serves every profile: a cold sweep of 5 profiles × 16 regions makes
 * 96 calls instead of 160.
 */
export class BlueprintCache {
  private readonly entries = new Map<string, { at: number; ids: Promise<Set<string>> }>();

  constructor(
    private readonly ttlMs = DEFAULT_BLUEPRINT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Cached ids, or fetch them; concurrent callers share one fetch, failures are not kept. */
  get(region: string, fetch: () => Promise<Set<string>>): Promise<Set<string>> {
    const hit = this.entries.get(region);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.ids;
    const ids = fetch();
    const entry = { at: this.now(), ids };
    this.entries.set(region, entry);
    ids.catch(() => {
      if (this.entries.get(region) === entry) this.entries.delete(region);
    });
    return ids;
  }

  /** Forget everything (e.g. after switching environments). */
  clear(): void {
    this.entries.clear();
  }
}

/** All LfR blueprint ids of one region. */
export async function fetchLfrBlueprintIds(client: LightsailClient, signal?: AbortSignal): Promise<Set<string>> {
  const ids = new Set<string>();
  let pageToken: string | undefined;
  do {
    const out = await client.send(new GetBlueprintsCommand({ appCategory: 'LfR', pageToken }), { abortSignal: signal });
    for (const b of out.blueprints ?? []) if (b.blueprintId) ids.add(b.blueprintId);
    pageToken = out.nextPageToken || undefined;
  } while (pageToken);
  return ids;
}

/** Map a Lightsail instance to a virtual computer. */
export function toVirtualComputer(profile: string, region: string, i: Instance): VirtualComputer {
  const name = i.name ?? '';
  const c: VirtualComputer = {
    id: makeComputerId({ profile, region, name }),
    name,
    profile,
    region,
    state: toStateName(i.state?.name),
    app: { id: i.blueprintId ?? '', name: i.blueprintName ?? i.blueprintId ?? '' },
    plan: { id: i.bundleId ?? '' },
  };
  if (i.createdAt) c.createdAt = new Date(i.createdAt).toISOString();
  const rule = idleRuleOf(i.addOns);
  if (rule) c.idleRule = rule;
  return c;
}

/** What discoverComputers needs. */
export interface DiscoverOptions {
  profiles: string[];
  /** Regions to sweep for a profile. */
  regions: (profile: string) => readonly string[];
  clients: ClientFactory;
  concurrency?: number;
  blueprintCache?: BlueprintCache;
  signal?: AbortSignal;
}

/** Every computer found, and what could not be listed. */
export interface DiscoveryResult {
  computers: VirtualComputer[];
  errors: ScopeError[];
}

async function sweepScope(
  profile: string,
  region: string,
  clients: ClientFactory,
  cache: BlueprintCache,
  signal?: AbortSignal,
): Promise<VirtualComputer[]> {
  const client = clients.client(profile, region);
  const firstPage = client.send(new GetInstancesCommand({}), { abortSignal: signal });
  let fetchedHere = false;
  const blueprints = cache
    .get(region, () => {
      fetchedHere = true;
      return fetchLfrBlueprintIds(client, signal);
    })
    // Another profile's lookup failed (its own permissions, say): ask with this profile's keys.
    .catch((err: unknown) => {
      if (fetchedHere || signal?.aborted) throw err;
      return fetchLfrBlueprintIds(client, signal);
    });
  // Both in flight together: one round trip instead of two. Avoid an unhandled rejection
  // of the page while the blueprints are awaited.
  firstPage.catch(() => undefined);
  const ids = await blueprints;
  const instances: Instance[] = [];
  let page = await firstPage;
  for (;;) {
    instances.push(...(page.instances ?? []));
    const token = page.nextPageToken;
    if (!token) break;
    page = await client.send(new GetInstancesCommand({ pageToken: token }), { abortSignal: signal });
  }
  return instances.filter((i) => i.blueprintId && ids.has(i.blueprintId) && i.name).map((i) => toVirtualComputer(profile, region, i));
}

/** List the virtual computers of every profile × region; one scope failing never hides the rest. */
export async function discoverComputers(opts: DiscoverOptions): Promise<DiscoveryResult> {
  // Every request of the sweep listens on the one signal: raise Node's leak-warning threshold.
  if (opts.signal) setMaxListeners(0, opts.signal);
  const limit = pLimit(Math.max(1, opts.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY));
  const cache = opts.blueprintCache ?? new BlueprintCache();
  const computers: VirtualComputer[] = [];
  const errors: ScopeError[] = [];
  const profileWide = new Map<string, ScopeError>();

  const tasks = opts.profiles.flatMap((profile) =>
    [...new Set(opts.regions(profile))].map((region) =>
      limit(async () => {
        // A profile already known to need sign-in is not asked again in every region.
        if (profileWide.has(profile)) return;
        opts.signal?.throwIfAborted();
        try {
          computers.push(...(await sweepScope(profile, region, opts.clients, cache, opts.signal)));
        } catch (err) {
          if (opts.signal?.aborted) throw opts.signal.reason;
          const error = toLauncherError(err, { profile, region, action: 'list computers' });
          if (PROFILE_WIDE_KINDS.has(error.kind)) {
            if (!profileWide.has(profile)) {
              profileWide.set(profile, { profile, error: toLauncherError(err, { profile, action: 'list computers' }) });
            }
          } else {
            errors.push({ profile, region, error });
          }
        }
      }),
    ),
  );
  await Promise.all(tasks);
  for (const e of profileWide.values()) errors.push(e);
  for (const profile of opts.profiles) {
    if (profileWide.has(profile)) continue;
    const mine = errors.filter((e) => e.profile === profile);
    const regionCount = new Set(opts.regions(profile)).size;
    const kind = mine[0]?.error.kind;
    if (regionCount > 1 && mine.length === regionCount && kind && FOLDABLE_KINDS.has(kind) && mine.every((e) => e.error.kind === kind)) {
      const folded: ScopeError = { profile, error: { ...mine[0]!.error, message: mine[0]!.error.message.replace(` (profile ${profile}, ${mine[0]!.region})`, '') } };
      delete folded.error.region;
      errors.splice(0, errors.length, ...errors.filter((e) => e.profile !== profile), folded);
    }
  }
  computers.sort((a, b) => a.name.localeCompare(b.name) || a.profile.localeCompare(b.profile) || a.region.localeCompare(b.region));
  errors.sort((a, b) => a.profile.localeCompare(b.profile) || (a.region ?? '').localeCompare(b.region ?? ''));
  return { computers, errors };
}
