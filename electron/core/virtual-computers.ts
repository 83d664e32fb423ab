// Virtual-computer discovery: every chosen profile × region in parallel, bounded by p-limit.
import {
  GetBlueprintsCommand,
  GetInstancesCommand,
  type Instance,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import {
  INSTANCE_STATE_NAMES,
  type InstanceStateName,
  type LauncherError,
  type ScopeError,
  type VirtualComputer,
} from '../shared/models.js';
import { makeComputerId, RESOURCE_NAME } from '../shared/computer-id.js';
import { boundText, cleanMessage, LauncherFailure, launcherErrors, toLauncherError } from './errors.js';
import { systemClock, type Clock, type ClientFactory } from './ports.js';
import { readIdleRule } from './idle-rule.js';

/** The Lightsail regions, re-exported from their one home in shared/regions.ts. */
export { LFR_REGIONS } from '../shared/regions.js';

// Latency dominates a sweep (one round trip per profile × region, each region its own endpoint),
// so the bound is generous: 5 profiles × 16 regions finish in about one wave of round trips.
/** Default number of profile × region scopes swept at once. */
export const DEFAULT_DISCOVERY_CONCURRENCY = 80;

/**
 * Default deadline of one profile × region: no complete answer (a page) for this long is an
 * error on that scope. Counted from the scope's start and again from each page, so a region
 * with very many pages is not cut off while its pages keep coming (the page limit bounds it).
 */
export const DEFAULT_SCOPE_DEADLINE_MS = 30_000;

/** Default most pages of GetInstances (and of GetBlueprints) one scope reads. */
export const DEFAULT_MAX_PAGES = 200;

/** Default lifetime of cached LfR blueprint ids: blueprints change rarely. */
export const DEFAULT_BLUEPRINT_TTL_MS = 30 * 60_000;

// Credentials are per profile, not per region: these failures are shown once on the profile.
const PROFILE_WIDE_KINDS = new Set(['sign-in-required', 'no-credentials', 'profile-invalid']);
// These can be one region's doing (a region not enabled for the account answers
// UnrecognizedClientException), so they are folded into one only when every region says so.
const FOLDABLE_KINDS = new Set(['unauthenticated', 'expired-credentials']);

const STATE_NAMES: ReadonlySet<string> = new Set(INSTANCE_STATE_NAMES.filter((n) => n !== 'unknown'));

/** Normalise a Lightsail instance state name. */
export function toStateName(name: string | undefined): InstanceStateName {
  return name && STATE_NAMES.has(name) ? (name as InstanceStateName) : 'unknown';
}

/**
 * LfR blueprint ids per region, shared across profiles and sweeps, expiring after a TTL.
 * Blueprints are Lightsail's public image catalogue, the same for every account in a region,
 * so one lookup per region serves every profile: a cold sweep of 5 profiles × 16 regions makes
 * 96 calls instead of 160.
 */
export class BlueprintCache {
  private readonly entries = new Map<string, { at: number; ids: Promise<Map<string, boolean>> }>();

  constructor(
    private readonly ttlMs = DEFAULT_BLUEPRINT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Cached ids (→ active), or fetch them; concurrent callers share one fetch, failures are not kept. */
  get(region: string, fetch: () => Promise<Map<string, boolean>>): Promise<Map<string, boolean>> {
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

/** Read every page of a paginated call, refusing a repeated token (a loop) or too many pages. */
async function allPages<P extends { nextPageToken?: string | undefined }>(
  what: string,
  maxPages: number,
  fetchPage: (token: string | undefined) => Promise<P>,
  onPage: (page: P) => void,
  first?: Promise<P>,
): Promise<void> {
  const seen = new Set<string>();
  let page = await (first ?? fetchPage(undefined));
  for (let pages = 1; ; pages++) {
    onPage(page);
    const token = page.nextPageToken || undefined;
    if (!token) return;
    if (seen.has(token) || pages >= maxPages) {
      const next = 'Refresh later; if it keeps happening, report it to AWS Support.';
      throw new LauncherFailure(
        launcherErrors.paginationLoop('Lightsail', what, pages, maxPages, seen.has(token), next),
      );
    }
    seen.add(token);
    page = await fetchPage(token);
  }
}

/**
 * Every LfR blueprint of one region, active or retired: id → true when active. Inactive
 * blueprints are asked for too (`includeInactive`): "Inactive blueprints are listed to support
 * customers with existing instances", and a computer on one must still be listed.
 */
export async function fetchLfrBlueprints(
  client: LightsailClient,
  signal?: AbortSignal,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<Map<string, boolean>> {
  const ids = new Map<string, boolean>();
  await allPages(
    'blueprints',
    maxPages,
    (pageToken) =>
      client.send(
        new GetBlueprintsCommand({
          appCategory: 'LfR',
          includeInactive: true,
          ...(pageToken ? { pageToken } : {}),
        }),
        { abortSignal: signal },
      ),
    (out) => {
      if (!Array.isArray(out.blueprints))
        throw new LauncherFailure(launcherErrors.malformedAnswer('blueprints'));
      for (const b of out.blueprints)
        if (typeof b.blueprintId === 'string' && b.blueprintId) ids.set(b.blueprintId, b.isActive !== false);
    },
  );
  return ids;
}

/** All LfR blueprint ids of one region, retired ones included. */
export async function fetchLfrBlueprintIds(
  client: LightsailClient,
  signal?: AbortSignal,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<Set<string>> {
  return new Set((await fetchLfrBlueprints(client, signal, maxPages)).keys());
}

// Lightsail did not exist before 2016; a creation date outside 2000..100 years ahead is garbage.
const EARLIEST_CREATED = Date.UTC(2000, 0, 1);
const LATEST_CREATED_AHEAD_MS = 100 * 365 * 86_400_000;

function text(v: unknown, max = 256): string {
  return typeof v === 'string' ? boundText(v, max) : '';
}

/** Map a Lightsail instance to a virtual computer. Throws on an instance that cannot be listed. */
export function toVirtualComputer(
  profile: string,
  region: string,
  i: Instance,
  now = Date.now(),
): VirtualComputer {
  const name = typeof i.name === 'string' ? i.name : '';
  if (!RESOURCE_NAME.test(name))
    throw new Error(
      name
        ? `an instance name Lightsail would refuse ("${cleanMessage(name, 80)}")`
        : 'an instance without a name',
    );
  const blueprintId = text(i.blueprintId);
  const c: VirtualComputer = {
    id: makeComputerId({ profile, region, name }),
    name,
    profile,
    region,
    state: toStateName(i.state?.name),
    app: { id: blueprintId, name: text(i.blueprintName) || blueprintId },
    plan: { id: text(i.bundleId) },
  };
  // The SDK turns any number into a Date, also one toISOString() refuses ("Invalid time value").
  const created =
    i.createdAt instanceof Date
      ? i.createdAt.getTime()
      : i.createdAt !== undefined
        ? new Date(i.createdAt as unknown as string).getTime()
        : undefined;
  if (
    created !== undefined &&
    Number.isFinite(created) &&
    created >= EARLIEST_CREATED &&
    created <= now + LATEST_CREATED_AHEAD_MS
  ) {
    c.createdAt = new Date(created).toISOString();
  }
  if (typeof i.arn === 'string' && i.arn.startsWith('arn:') && i.arn.length <= 2048) c.arn = i.arn;
  const rule = readIdleRule(i.addOns);
  if (rule === 'unreadable') c.idleRuleUnreadable = true;
  else if (rule) c.idleRule = rule;
  const auto = i.addOns?.find(
    (a) => a.name === 'AutoSnapshot' && (a.status === undefined || /^enabl/i.test(a.status)),
  );
  if (auto) c.autoSnapshotAt = auto.snapshotTimeOfDay ?? '';
  return c;
}

/** Something odd in one scope's answer that was dropped or mended rather than failing it. */
export interface ScopeWarning {
  profile: string;
  region: string;
  message: string;
}

/** One profile × region, finished (listed, or failed with `error`). */
export interface ScopeResult {
  profile: string;
  region: string;
  computers: VirtualComputer[];
  /** Set when the scope could not be listed; for a profile-wide failure it has no region. */
  error?: ScopeError;
  warnings: ScopeWarning[];
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
  /** Longest wait for a page within one scope, from its start or the last page (default 30 s). */
  scopeDeadlineMs?: number;
  /** What the scope deadline is measured on (default the system clock; a test world's clock in tests). */
  clock?: Clock;
  /** Most pages of GetInstances / GetBlueprints per scope (default 200). */
  maxPages?: number;
  /** Called as each profile × region finishes, so the list can fill in progressively. */
  onScope?: (scope: ScopeResult) => void;
}

/** Every computer found, and what could not be listed. */
export interface DiscoveryResult {
  computers: VirtualComputer[];
  errors: ScopeError[];
  /** Items dropped or mended, per scope. */
  warnings: ScopeWarning[];
}

/** Resolves once the client has credentials, rejects when they fail or the signal aborts. */
function credentialsReady(client: LightsailClient, signal: AbortSignal): Promise<unknown> {
  const get = (client as { config?: { credentials?: unknown } }).config?.credentials;
  if (typeof get !== 'function') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve((get as () => Promise<unknown>)())
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function sweepScope(
  profile: string,
  region: string,
  clients: ClientFactory,
  cache: BlueprintCache,
  signal: AbortSignal,
  maxPages: number,
  warnings: ScopeWarning[],
  progress: () => void,
  now: () => number,
): Promise<VirtualComputer[]> {
  const client = clients.client(profile, region);
  const firstPage = client.send(new GetInstancesCommand({}), { abortSignal: signal });
  let fetchedHere = false;
  // Joined only once this profile has credentials: a profile whose credential source hangs
  // must not hold the region's shared lookup (and so every other profile) until its deadline.
  const blueprints = credentialsReady(client, signal).then(() =>
    cache
      .get(region, () => {
        fetchedHere = true;
        return fetchLfrBlueprints(client, signal, maxPages);
      })
      // Another profile's lookup failed (its own permissions, say): ask with this profile's keys.
      .catch((err: unknown) => {
        if (fetchedHere || signal.aborted) throw err;
        return fetchLfrBlueprints(client, signal, maxPages);
      }),
  );
  // Both in flight together: one round trip instead of two. Avoid an unhandled rejection
  // of the page while the blueprints are awaited.
  firstPage.catch(() => undefined);
  const ids = await blueprints;
  progress();
  const instances: Instance[] = [];
  await allPages(
    'computers',
    maxPages,
    (pageToken) =>
      client.send(new GetInstancesCommand({ ...(pageToken ? { pageToken } : {}) }), { abortSignal: signal }),
    (page) => {
      progress();
      // Lightsail always answers with a list, empty or not: anything else is not "no computers".
      if (!Array.isArray(page.instances))
        throw new LauncherFailure(launcherErrors.malformedAnswer('computers'));
      instances.push(...page.instances);
    },
    firstPage,
  );
  const computers: VirtualComputer[] = [];
  const names = new Set<string>();
  const at = now();
  for (const i of instances) {
    if (typeof i !== 'object' || i === null || !i.blueprintId || !ids.has(i.blueprintId)) continue;
    const warn = (message: string) => warnings.push({ profile, region, message });
    try {
      const c = toVirtualComputer(profile, region, i, at);
      if (ids.get(i.blueprintId) === false) c.app.retired = true;
      if (names.has(c.name)) {
        warn(`Lightsail listed ${c.name} twice; the second one is left out.`);
        continue;
      }
      if (i.createdAt !== undefined && c.createdAt === undefined)
        warn(`${c.name} has an impossible creation date; it is shown without one.`);
      names.add(c.name);
      computers.push(c);
    } catch (err) {
      warn(`A computer was left out: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }
  return computers;
}

/** A scope's own deadline passed: say so as a timeout on that scope. */
function scopeTimeout(ms: number): LauncherFailure {
  return new LauncherFailure(launcherErrors.scopeTimeout(ms));
}

/** Tell the listener of one scope's result; a listener's bug must not stop the sweep. */
function reportScope(onScope: ((s: ScopeResult) => void) | undefined, scope: ScopeResult): void {
  try {
    onScope?.(scope);
  } catch {
    // ignored: see above
  }
}

/**
 * List the virtual computers of every profile × region; one scope failing never hides the
 * rest. Each scope has its own deadline and is reported through onScope as soon as it ends.
 */
export async function discoverComputers(opts: DiscoverOptions): Promise<DiscoveryResult> {
  // Every request of the sweep listens on the one signal: raise Node's leak-warning threshold.
  if (opts.signal) setMaxListeners(0, opts.signal);
  const limit = pLimit(Math.max(1, opts.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY));
  const clock = opts.clock ?? systemClock;
  const cache = opts.blueprintCache ?? new BlueprintCache(undefined, () => clock.now());
  const deadlineMs = opts.scopeDeadlineMs ?? DEFAULT_SCOPE_DEADLINE_MS;
  const maxPages = Math.max(1, opts.maxPages ?? DEFAULT_MAX_PAGES);
  const computers: VirtualComputer[] = [];
  const errors: ScopeError[] = [];
  const warnings: ScopeWarning[] = [];
  const profileWide = new Map<string, ScopeError>();
  const report = (scope: ScopeResult) => reportScope(opts.onScope, scope);

  const tasks = opts.profiles.flatMap((profile) =>
    [...new Set(opts.regions(profile))].map((region) =>
      limit(async () => {
        // A profile already known to need sign-in is not asked again in every region.
        const known = profileWide.get(profile);
        if (known) return report({ profile, region, computers: [], error: known, warnings: [] });
        opts.signal?.throwIfAborted();
        // The deadline starts when the scope does, not while it queues behind others, and
        // starts again with each page.
        const idle = new AbortController();
        const deadline = idle.signal;
        let timer = new AbortController();
        const arm = () => {
          timer = new AbortController();
          clock.sleep(deadlineMs, timer.signal).then(
            () => idle.abort(),
            () => undefined,
          );
        };
        arm();
        const progress = () => {
          timer.abort();
          arm();
        };
        const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
        setMaxListeners(0, signal);
        const mine: ScopeWarning[] = [];
        try {
          const found = await sweepScope(
            profile,
            region,
            opts.clients,
            cache,
            signal,
            maxPages,
            mine,
            progress,
            () => clock.now(),
          );
          computers.push(...found);
          warnings.push(...mine);
          report({ profile, region, computers: found, warnings: mine });
        } catch (err) {
          if (opts.signal?.aborted) throw opts.signal.reason;
          warnings.push(...mine);
          const cause = deadline.aborted ? scopeTimeout(deadlineMs) : err;
          const error = withWhere(toLauncherError(cause, { profile, region, action: 'list computers' }), {
            profile,
            region,
          });
          if (PROFILE_WIDE_KINDS.has(error.kind)) {
            let wide = profileWide.get(profile);
            if (!wide) {
              wide = {
                profile,
                error: withWhere(toLauncherError(cause, { profile, action: 'list computers' }), { profile }),
              };
              profileWide.set(profile, wide);
            }
            report({ profile, region, computers: [], error: wide, warnings: mine });
          } else {
            const scopeError = { profile, region, error };
            errors.push(scopeError);
            report({ profile, region, computers: [], error: scopeError, warnings: mine });
          }
        } finally {
          timer.abort();
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
    if (
      regionCount > 1 &&
      mine.length === regionCount &&
      kind &&
      FOLDABLE_KINDS.has(kind) &&
      mine.every((e) => e.error.kind === kind)
    ) {
      const folded: ScopeError = {
        profile,
        error: {
          ...mine[0]!.error,
          message: mine[0]!.error.message.replace(` (profile ${profile}, ${mine[0]!.region})`, ''),
        },
      };
      delete folded.error.region;
      errors.splice(0, errors.length, ...errors.filter((e) => e.profile !== profile), folded);
    }
  }
  computers.sort(
    (a, b) =>
      a.name.localeCompare(b.name) || a.profile.localeCompare(b.profile) || a.region.localeCompare(b.region),
  );
  errors.sort((a, b) => a.profile.localeCompare(b.profile) || (a.region ?? '').localeCompare(b.region ?? ''));
  return { computers, errors, warnings };
}

/** Our own failures (LauncherFailure) carry no place: add the scope's, in the message too. */
function withWhere(e: LauncherError, at: { profile: string; region?: string }): LauncherError {
  if (e.profile !== undefined) return e;
  const suffix = at.region ? ` (profile ${at.profile}, ${at.region})` : ` (profile ${at.profile})`;
  return {
    ...e,
    message: `${e.message.replace(/[.]+$/, '')}${suffix}.`,
    profile: at.profile,
    ...(at.region ? { region: at.region } : {}),
  };
}
