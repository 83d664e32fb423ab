// The manage features of one environment scope, as the IPC contract names them: new computer,
// delete, snapshots, automatic snapshots, disks and CPU figures. Every write runs through
// computer-access (`write` on a listed computer, `writeIn` on a profile and region: the
// AccessDenied fallback on another profile of the same account); the feature modules do the
// requests.
import { makeComputerId } from '../shared/computer-id.js';
import type { InvokeArgs, InvokeChannel, InvokeResult } from '../shared/ipc-contract.js';
import type { ComputerId, Result } from '../shared/models.js';
import { CPU_PERIOD_SECONDS, CpuMetricsCache, fetchCpu } from './cpu-metrics.js';
import { attachDisk, createDisk, deleteDisk, detachDisk, listDisks } from './disks.js';
import { createComputer, listApplications, listPlans, waitUntilRunning } from './manage-computers.js';
import type { ComputerListModule } from './computer-list.js';
import type { Clock, Environment } from './ports.js';
import type { ComputerAccess, Reachable } from './computer-access.js';

/** A computer and its client. */
type Target = Reachable;

// The profile and region a write went through (what a result names), without its client.
const where = (t: Target) => ({ profile: t.profile, region: t.region });
import {
  createSnapshot,
  deleteComputerAndSnapshots,
  deleteSnapshot,
  listSnapshots,
  restoreSnapshot,
  setAutoSnapshot,
  waitForSnapshot,
} from './snapshots.js';
import { defaultSnapshotName, deleteStepLabel } from '../shared/manage.js';

/** What the manage features need from their scope. */
export interface ManageDeps {
  env: Environment;
  list: ComputerListModule;
  clock: Clock;
  listedTarget(id: ComputerId): Promise<Result<Target>>;
  /** Run a write with the AccessDenied fallback (computer-access's write). */
  attempt: ComputerAccess['write'];
  /** Run a write in a profile and region with the same fallback (computer-access's writeIn). */
  attemptIn: ComputerAccess['writeIn'];
  /** Tell the renderer how a long write moves on. */
  progress?(computerId: ComputerId, step: string): void;
  /** Stops a computer as the Stop button does (power module). */
  stop(id: ComputerId): Promise<Result<null>>;
  signal: AbortSignal;
  /** Poll interval of follow-ups (new computer, snapshot before a stop). */
  pollMs?: number;
  /** Calls per minute for CPU figures, all computers together. */
  cpuCallsPerMinute?: number;
}

type ManageChannel =
  | 'manage:options'
  | 'computers:create'
  | 'computers:delete'
  | 'computers:setAutoSnapshot'
  | 'snapshots:list'
  | 'snapshots:create'
  | 'snapshots:restore'
  | 'snapshots:delete'
  | 'disks:list'
  | 'disks:create'
  | 'disks:attach'
  | 'disks:detach'
  | 'disks:delete'
  | 'cpu:get';

/** The handlers, one per manage channel. */
export type ManageHandlers = { [C in ManageChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>> };

/** Build the manage features of one scope. */
export function createManage(deps: ManageDeps): ManageHandlers {
  const pollMs = deps.pollMs ?? 5_000;
  const clientOf = (ref: { profile: string; region: string }) =>
    deps.env.clients.client(ref.profile, ref.region);
  const cpu = new CpuMetricsCache(
    deps.clock,
    async (id) => {
      const t = await deps.listedTarget(id);
      if (!t.ok) return t;
      return fetchCpu(t.value.client, t.value, deps.clock.now(), 24, deps.signal);
    },
    { maxCallsPerMinute: deps.cpuCallsPerMinute ?? 10 },
  );

  // After a write that makes or changes a computer: list again, then follow it until it runs.
  async function follow(
    id: ComputerId,
    ref: { profile: string; region: string; name: string },
  ): Promise<void> {
    await deps.list.refresh().catch(() => undefined);
    const onState = (state: string) => {
      if (deps.list.find(id) && deps.list.find(id)?.state !== state)
        deps.list.update(id, { state: state as never });
    };
    await waitUntilRunning(clientOf(ref), ref, deps.clock, { pollMs, onState, signal: deps.signal }).catch(
      () => undefined,
    );
  }

  // A write on a listed computer, through the profile fallback.
  async function onComputer<T>(id: ComputerId, run: (t: Target) => Promise<Result<T>>): Promise<Result<T>> {
    const t = await deps.listedTarget(id);
    if (!t.ok) return t;
    return deps.attempt(t.value, run);
  }

  return {
    'manage:options': async (ref) => {
      const [apps, plans] = await Promise.all([
        listApplications(clientOf(ref), ref, deps.signal),
        listPlans(clientOf(ref), ref, deps.signal),
      ]);
      if (!apps.ok) return apps;
      if (!plans.ok) return plans;
      return { ok: true, value: { applications: apps.value, plans: plans.value } };
    },

    'computers:create': async (ref, req) => {
      const made = await deps.attemptIn(ref, (t) => createComputer(t.client, where(t), req, deps.signal));
      if (!made.ok) return made;
      const computerId = makeComputerId({ ...ref, name: req.name });
      void follow(computerId, made.value);
      return { ok: true, value: { computerId } };
    },

    'computers:delete': async (id, typedName, opts) => {
      let gone = false;
      const done = await onComputer(id, (t) =>
        deleteComputerAndSnapshots(t.client, t, typedName, {
          withSnapshots: opts.withSnapshots,
          signal: deps.signal,
          onStep: (s) => {
            gone ||= s.step === 'snapshot';
            deps.progress?.(id, deleteStepLabel(s));
          },
        }),
      );
      // A delete that left snapshots behind still deleted the computer: its row goes too.
      if (done.ok || gone) {
        cpu.forget(id);
        await deps.list.refresh().catch(() => undefined);
      }
      return done.ok ? { ok: true, value: null } : done;
    },

    'computers:setAutoSnapshot': async (id, at) => {
      const done = await onComputer(id, (t) => setAutoSnapshot(t.client, t, at, deps.signal));
      return done.ok ? { ok: true, value: null } : done;
    },

    'snapshots:list': async (id) => {
      const t = await deps.listedTarget(id);
      if (!t.ok) return t;
      return listSnapshots(t.value.client, t.value, t.value.name, deps.signal);
    },

    'snapshots:create': async (id, opts) => {
      const t = await deps.listedTarget(id);
      if (!t.ok) return t;
      const name = opts.name ?? defaultSnapshotName(t.value.name, deps.clock.now());
      const done = await deps.attempt(t.value, (x) => createSnapshot(x.client, x, name, deps.signal));
      if (!done.ok || !opts.thenStop) return done.ok ? { ok: true, value: { name } } : done;
      // Stop once the snapshot is complete, so it holds what was on the disk when asked.
      void waitForSnapshot(t.value.client, t.value, name, deps.clock, { pollMs, signal: deps.signal })
        .then((r) => (r.ok ? deps.stop(t.value.id) : undefined))
        .catch(() => undefined);
      return { ok: true, value: { name } };
    },

    'snapshots:restore': async (ref, snapshot, newName) => {
      const snaps = await listSnapshots(clientOf(ref), ref, undefined, deps.signal);
      if (!snaps.ok) return snaps;
      const s = snaps.value.find((x) => x.name === snapshot) ?? { name: snapshot, planId: '' };
      const made = await deps.attemptIn(ref, (t) =>
        restoreSnapshot(t.client, where(t), s, newName, { signal: deps.signal }),
      );
      if (!made.ok) return made;
      const computerId = makeComputerId({ ...ref, name: newName });
      void follow(computerId, made.value);
      return { ok: true, value: { computerId } };
    },

    'snapshots:delete': (ref, snapshot) =>
      deps.attemptIn(ref, (t) => deleteSnapshot(t.client, where(t), snapshot, deps.signal)),

    'disks:list': (ref) => listDisks(clientOf(ref), ref, deps.signal),
    'disks:create': (ref, name, sizeGb) =>
      deps.attemptIn(ref, (t) => createDisk(t.client, where(t), name, sizeGb, undefined, deps.signal)),
    'disks:attach': async (ref, disk, id) =>
      onComputer(id, (t) => attachDisk(t.client, where(t), disk, t.name, undefined, deps.signal)),
    'disks:detach': (ref, disk) =>
      deps.attemptIn(ref, (t) => detachDisk(t.client, where(t), disk, deps.signal)),
    'disks:delete': (ref, disk) =>
      deps.attemptIn(ref, (t) => deleteDisk(t.client, where(t), disk, deps.signal)),

    'cpu:get': async (id) => {
      const r = await cpu.get(id);
      return r.ok ? { ok: true, value: { points: r.value, periodMs: CPU_PERIOD_SECONDS * 1000 } } : r;
    },
  };
}

/** The manage handlers of whichever scope is current (the facade's view). */
export function manageHandlers(current: () => ManageHandlers): ManageHandlers {
  const keys: ManageChannel[] = [
    'manage:options',
    'computers:create',
    'computers:delete',
    'computers:setAutoSnapshot',
    'snapshots:list',
    'snapshots:create',
    'snapshots:restore',
    'snapshots:delete',
    'disks:list',
    'disks:create',
    'disks:attach',
    'disks:detach',
    'disks:delete',
    'cpu:get',
  ];
  return Object.fromEntries(
    keys.map((k) => [k, (...args: unknown[]) => (current()[k] as (...a: unknown[]) => unknown)(...args)]),
  ) as ManageHandlers;
}

/** Channels this module answers (for a check that none is forgotten). */
export type { ManageChannel };
export type { InvokeChannel };
