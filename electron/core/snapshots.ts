// Instance snapshots: take one (now, or before a stop), list them with age and size, follow one
// until it is available, restore one into a new computer, delete one (or all of a computer's as
// it is deleted), and the AutoSnapshot add-on. Each write is a function (client, …) => Promise<Result>.
import {
  CreateInstanceSnapshotCommand,
  CreateInstancesFromSnapshotCommand,
  DeleteInstanceSnapshotCommand,
  DisableAddOnCommand,
  EnableAddOnCommand,
  GetInstanceSnapshotCommand,
  GetInstanceSnapshotsCommand,
  type InstanceSnapshot,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import type { SnapshotInfo } from '../shared/manage.js';
import type { LauncherError, Result } from '../shared/models.js';
import { failedAt, launcherErrors, toLauncherError } from './errors.js';
import { checkName, deleteComputer, type WriteTarget } from './manage-computers.js';
import type { Clock } from './ports.js';

/** Pages GetInstanceSnapshots may take before the listing is called absurd. */
export const MAX_SNAPSHOT_PAGES = 50;

const STATES = new Set(['pending', 'available', 'error']);

/** A snapshot as the launcher shows it; undefined for one without a name. */
export function toSnapshotInfo(s: InstanceSnapshot): SnapshotInfo | undefined {
  if (!s.name) return undefined;
  return {
    name: s.name,
    fromComputer: s.fromInstanceName ?? '',
    applicationId: s.fromBlueprintId ?? '',
    planId: s.fromBundleId ?? '',
    state: s.state && STATES.has(s.state) ? (s.state as SnapshotInfo['state']) : 'unknown',
    ...(s.state === 'pending' && s.progress ? { progress: s.progress } : {}),
    sizeGb: s.sizeInGb ?? 0,
    createdAt: s.createdAt?.getTime() ?? 0,
  };
}

/** CreateInstanceSnapshot; the snapshot name is checked before sending. */
export async function createSnapshot(
  client: LightsailClient,
  target: WriteTarget,
  snapshotName: string,
  signal?: AbortSignal,
): Promise<Result<string>> {
  const named = checkName('snapshot', snapshotName);
  if (!named.ok) return named;
  try {
    await client.send(
      new CreateInstanceSnapshotCommand({ instanceName: target.name, instanceSnapshotName: snapshotName }),
      { abortSignal: signal },
    );
    return { ok: true, value: snapshotName };
  } catch (err) {
    return failedAt(err, target, `snapshot ${target.name}`);
  }
}

/** The snapshots of one profile and region (of one computer when named), newest first. */
export async function listSnapshots(
  client: LightsailClient,
  ctx: { profile: string; region: string },
  computer?: string,
  signal?: AbortSignal,
): Promise<Result<SnapshotInfo[]>> {
  const out: SnapshotInfo[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  try {
    for (let page = 0; page < MAX_SNAPSHOT_PAGES; page++) {
      const res = await client.send(new GetInstanceSnapshotsCommand(token ? { pageToken: token } : {}), {
        abortSignal: signal,
      });
      for (const s of res.instanceSnapshots ?? []) {
        const info = toSnapshotInfo(s);
        if (info && (computer === undefined || info.fromComputer === computer)) out.push(info);
      }
      token = res.nextPageToken;
      if (!token) return { ok: true, value: out.sort((a, b) => b.createdAt - a.createdAt) };
      if (seen.has(token)) break;
      seen.add(token);
    }
  } catch (err) {
    return failedAt(err, ctx, 'list snapshots');
  }
  return failedAt(
    new Error('The snapshot listing did not end (a repeated page token or too many pages).'),
    ctx,
    'list snapshots',
  );
}

/** Follows a snapshot until it is available (or failed); progress is reported as it changes. */
export async function waitForSnapshot(
  client: LightsailClient,
  ctx: { profile: string; region: string },
  snapshotName: string,
  clock: Clock,
  opts: {
    pollMs?: number;
    maxMs?: number;
    onProgress?: (s: SnapshotInfo) => void;
    signal?: AbortSignal;
  } = {},
): Promise<Result<SnapshotInfo>> {
  const until = clock.now() + (opts.maxMs ?? 60 * 60_000);
  let last = '';
  try {
    for (let i = 0; i < 10_000 && clock.now() <= until; i++) {
      const res = await client.send(new GetInstanceSnapshotCommand({ instanceSnapshotName: snapshotName }), {
        abortSignal: opts.signal,
      });
      const info = res.instanceSnapshot ? toSnapshotInfo(res.instanceSnapshot) : undefined;
      if (info) {
        const seen = `${info.state} ${info.progress ?? ''}`;
        if (seen !== last) opts.onProgress?.(info);
        last = seen;
        if (info.state === 'available') return { ok: true, value: info };
        if (info.state === 'error')
          return {
            ok: false,
            error: toLauncherError(new Error(`The snapshot ${snapshotName} failed.`), {
              ...ctx,
              action: 'snapshot',
            }),
          };
      }
      await clock.sleep(opts.pollMs ?? 5_000, opts.signal);
    }
  } catch (err) {
    return failedAt(err, ctx, `follow the snapshot ${snapshotName}`);
  }
  return { ok: false, error: launcherErrors.waitedTooLong(`The snapshot ${snapshotName}`, ctx) };
}

/** CreateInstancesFromSnapshot: a new computer from a snapshot (the snapshot's plan unless another is given). */
export async function restoreSnapshot(
  client: LightsailClient,
  ctx: { profile: string; region: string },
  snapshot: Pick<SnapshotInfo, 'name' | 'planId'>,
  newName: string,
  opts: { planId?: string; availabilityZone?: string; signal?: AbortSignal } = {},
): Promise<Result<WriteTarget>> {
  const named = checkName('computer', newName);
  if (!named.ok) return named;
  const snap = checkName('snapshot', snapshot.name);
  if (!snap.ok) return snap;
  try {
    await client.send(
      new CreateInstancesFromSnapshotCommand({
        instanceNames: [newName],
        instanceSnapshotName: snapshot.name,
        availabilityZone: opts.availabilityZone ?? `${ctx.region}a`,
        bundleId: opts.planId ?? snapshot.planId,
      }),
      { abortSignal: opts.signal },
    );
    return { ok: true, value: { name: newName, ...ctx } };
  } catch (err) {
    return failedAt(err, ctx, `create ${newName} from ${snapshot.name}`);
  }
}

/** DeleteInstanceSnapshot. */
export async function deleteSnapshot(
  client: LightsailClient,
  ctx: { profile: string; region: string },
  snapshotName: string,
  signal?: AbortSignal,
): Promise<Result<null>> {
  const named = checkName('snapshot', snapshotName);
  if (!named.ok) return named;
  try {
    await client.send(new DeleteInstanceSnapshotCommand({ instanceSnapshotName: snapshotName }), {
      abortSignal: signal,
    });
    return { ok: true, value: null };
  } catch (err) {
    return failedAt(err, ctx, `delete the snapshot ${snapshotName}`);
  }
}

/** Turns the AutoSnapshot add-on on (at a UTC hour, "HH:00") or off. */
export async function setAutoSnapshot(
  client: LightsailClient,
  target: WriteTarget,
  at: string | null,
  signal?: AbortSignal,
): Promise<Result<string | null>> {
  const named = checkName('computer', target.name);
  if (!named.ok) return named;
  try {
    if (at) {
      await client.send(
        new EnableAddOnCommand({
          resourceName: target.name,
          addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: at } },
        }),
        { abortSignal: signal },
      );
    } else {
      await client.send(new DisableAddOnCommand({ resourceName: target.name, addOnType: 'AutoSnapshot' }), {
        abortSignal: signal,
      });
    }
    return { ok: true, value: at };
  } catch (err) {
    return failedAt(err, target, at ? 'turn on automatic snapshots' : 'turn off automatic snapshots');
  }
}

/** A step of a delete: the computer, then each of its snapshots. */
export type DeleteStep =
  { step: 'computer'; name: string } | { step: 'snapshot'; name: string; index: number; count: number };

/**
 * DeleteInstance behind the typed-name check and, with `withSnapshots`, DeleteInstanceSnapshot for
 * each of the computer's snapshots. Nothing is sent when the name does not match; a snapshot
 * still being taken (Lightsail refuses to delete it) stops the delete before anything is
 * deleted; a snapshot that fails afterwards is named in the error with every one left.
 */
export async function deleteComputerAndSnapshots(
  client: LightsailClient,
  target: WriteTarget,
  typedName: string,
  opts: { withSnapshots: boolean; onStep?: (s: DeleteStep) => void; signal?: AbortSignal },
): Promise<Result<{ snapshotsDeleted: string[] }>> {
  const ctx = { profile: target.profile, region: target.region };
  const named = checkName('computer', target.name);
  if (!named.ok) return named;
  if (typedName !== target.name) return { ok: false, error: launcherErrors.notConfirmed(target.name) };
  let snapshots: SnapshotInfo[] = [];
  if (opts.withSnapshots) {
    const listed = await listSnapshots(client, ctx, target.name, opts.signal);
    if (!listed.ok) return listed;
    snapshots = listed.value;
    const pending = snapshots.find((s) => s.state === 'pending');
    if (pending)
      return { ok: false, error: launcherErrors.snapshotStillPending(target.name, pending.name, ctx) };
  }
  opts.onStep?.({ step: 'computer', name: target.name });
  const gone = await deleteComputer(client, target, typedName, opts.signal);
  if (!gone.ok) return gone;
  const deleted: string[] = [];
  const left: string[] = [];
  let cause: LauncherError | undefined;
  for (const [index, s] of snapshots.entries()) {
    opts.onStep?.({ step: 'snapshot', name: s.name, index, count: snapshots.length });
    const r = await deleteSnapshot(client, ctx, s.name, opts.signal);
    if (r.ok) deleted.push(s.name);
    else {
      left.push(s.name);
      cause ??= r.error;
    }
  }
  if (cause) return { ok: false, error: launcherErrors.snapshotsLeft(target.name, left, cause, ctx) };
  return { ok: true, value: { snapshotsDeleted: deleted } };
}
