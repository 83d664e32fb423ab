// Creating and deleting computers: the LfR applications and plans, CreateInstances, following a
// new computer from pending to running, and DeleteInstance behind a typed-name confirmation.
// Each write is a function (client, …) => Promise<Result>, so a composer can run it through the
// profile fallback of computer access.
import {
  CreateInstancesCommand,
  DeleteInstanceCommand,
  GetBlueprintsCommand,
  GetBundlesCommand,
  GetInstanceStateCommand,
  type AddOnRequest,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import {
  HOURS_PER_MONTH,
  resourceNameProblem,
  type Application,
  type NewComputer,
  type Plan,
} from '../shared/manage.js';
import type { Result } from '../shared/models.js';
import { idleRuleProblem } from '../shared/lifetime.js';
import { failedAt, launcherErrors } from './errors.js';
import type { Clock } from './ports.js';
import { toStateName } from './virtual-computers.js';

/** Where a write goes: the computer (or new name) and the profile and region of its client. */
export interface WriteTarget {
  name: string;
  profile: string;
  region: string;
}

/** The name check every write makes before any request. */
export function checkName(what: string, name: string): Result<string> {
  const problem = resourceNameProblem(what, name);
  return problem ? { ok: false, error: launcherErrors.invalidName(problem) } : { ok: true, value: name };
}

/** The LfR applications a new computer can run (active blueprints of appCategory LfR). */
export async function listApplications(
  client: LightsailClient,
  ctx: { profile: string; region: string },
  signal?: AbortSignal,
): Promise<Result<Application[]>> {
  try {
    const out = await client.send(new GetBlueprintsCommand({ appCategory: 'LfR' }), { abortSignal: signal });
    const apps = (out.blueprints ?? [])
      .filter((b) => b.blueprintId && b.isActive !== false)
      .map((b) => ({ id: b.blueprintId!, name: b.name ?? b.blueprintId!, description: b.description ?? '' }));
    return { ok: true, value: apps };
  } catch (err) {
    return failedAt(err, ctx, 'list the applications');
  }
}

/** The LfR plans with their price per month and per hour (GetBundles, appCategory LfR). */
export async function listPlans(
  client: LightsailClient,
  ctx: { profile: string; region: string },
  signal?: AbortSignal,
): Promise<Result<Plan[]>> {
  try {
    const out = await client.send(new GetBundlesCommand({ appCategory: 'LfR' }), { abortSignal: signal });
    const plans = (out.bundles ?? [])
      .filter(
        (b) => b.bundleId && b.isActive !== false && typeof b.price === 'number' && Number.isFinite(b.price),
      )
      .map((b) => ({
        id: b.bundleId!,
        name: b.name ?? b.bundleId!,
        cpuCount: b.cpuCount ?? 0,
        ramGb: b.ramSizeInGb ?? 0,
        diskGb: b.diskSizeInGb ?? 0,
        pricePerMonth: b.price!,
        pricePerHour: Math.round((b.price! / HOURS_PER_MONTH) * 1e4) / 1e4,
      }))
      .sort((a, b) => a.pricePerMonth - b.pricePerMonth);
    return { ok: true, value: plans };
  } catch (err) {
    return failedAt(err, ctx, 'list the plans');
  }
}

/** The add-ons a new computer is created with. */
export function addOnsFor(req: Pick<NewComputer, 'idleRule' | 'autoSnapshotAt'>): AddOnRequest[] {
  const out: AddOnRequest[] = [];
  if (req.idleRule) {
    out.push({
      addOnType: 'StopInstanceOnIdle',
      stopInstanceOnIdleRequest: {
        threshold: String(req.idleRule.thresholdPercent),
        duration: String(req.idleRule.durationMinutes),
      },
    });
  }
  if (req.autoSnapshotAt)
    out.push({
      addOnType: 'AutoSnapshot',
      autoSnapshotAddOnRequest: { snapshotTimeOfDay: req.autoSnapshotAt },
    });
  return out;
}

/** CreateInstances for one computer; the name (and rule) are checked before sending. */
export async function createComputer(
  client: LightsailClient,
  ctx: { profile: string; region: string },
  req: NewComputer,
  signal?: AbortSignal,
): Promise<Result<WriteTarget>> {
  const named = checkName('computer', req.name);
  if (!named.ok) return named;
  const problem = req.idleRule ? idleRuleProblem(req.idleRule) : undefined;
  if (problem) return { ok: false, error: launcherErrors.invalidIdleRule(problem) };
  try {
    const addOns = addOnsFor(req);
    await client.send(
      new CreateInstancesCommand({
        instanceNames: [req.name],
        availabilityZone: req.availabilityZone ?? `${ctx.region}a`,
        blueprintId: req.applicationId,
        bundleId: req.planId,
        ...(addOns.length > 0 ? { addOns } : {}),
      }),
      { abortSignal: signal },
    );
    return { ok: true, value: { name: req.name, ...ctx } };
  } catch (err) {
    return failedAt(err, ctx, `create ${req.name}`);
  }
}

/** Follows a computer's state until it is running; each state seen is reported once. */
export async function waitUntilRunning(
  client: LightsailClient,
  target: WriteTarget,
  clock: Clock,
  opts: { pollMs?: number; maxMs?: number; onState?: (state: string) => void; signal?: AbortSignal } = {},
): Promise<Result<'running'>> {
  const pollMs = opts.pollMs ?? 5_000;
  const until = clock.now() + (opts.maxMs ?? 10 * 60_000);
  let last = '';
  try {
    // Bounded by the deadline on the clock, and by a count in case the clock stands still.
    for (let i = 0; i < 10_000 && clock.now() <= until; i++) {
      const out = await client.send(new GetInstanceStateCommand({ instanceName: target.name }), {
        abortSignal: opts.signal,
      });
      const state = toStateName(out.state?.name);
      if (state !== last) opts.onState?.((last = state));
      if (state === 'running') return { ok: true, value: 'running' };
      if (state === 'stopped' || state === 'terminated')
        return { ok: false, error: launcherErrors.computerStopped(target.name, state, target) };
      await clock.sleep(pollMs, opts.signal);
    }
  } catch (err) {
    return failedAt(err, target, `follow ${target.name}`);
  }
  return { ok: false, error: launcherErrors.waitedTooLong(`Starting ${target.name}`, target) };
}

/** DeleteInstance, only when the typed name is the computer's name; snapshots are kept. */
export async function deleteComputer(
  client: LightsailClient,
  target: WriteTarget,
  typedName: string,
  signal?: AbortSignal,
): Promise<Result<null>> {
  const named = checkName('computer', target.name);
  if (!named.ok) return named;
  if (typedName !== target.name) return { ok: false, error: launcherErrors.notConfirmed(target.name) };
  try {
    await client.send(new DeleteInstanceCommand({ instanceName: target.name }), { abortSignal: signal });
    return { ok: true, value: null };
  } catch (err) {
    return failedAt(err, target, `delete ${target.name}`);
  }
}
