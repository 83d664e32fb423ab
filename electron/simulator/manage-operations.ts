// Wire handlers of the manage operations (plans, create/delete, snapshots, disks, metrics),
// validated as Lightsail validates them and shaped as the service model shapes them.
import { randomUUID } from 'node:crypto';
import { findBlueprint } from './catalog.js';
import {
  MANAGE_TIMINGS,
  addDisk,
  addSnapshot,
  compatible,
  cpuAt,
  diskState,
  findDisk,
  findSnapshot,
  listDisks,
  listSnapshots,
  removeComputer,
  removeDisk,
  removeSnapshot,
  snapshotProgress,
  snapshotState,
  storeOf,
  type DiskRecord,
  type SnapshotRecord,
} from './manage.js';
import type { OpContext } from './op-context.js';
import { SimError } from './sim-error.js';
import { type ComputerRecord, isValidResourceName } from './state.js';

type Handler = (input: Record<string, unknown>, ctx: OpContext) => unknown;

const secs = (ms: number) => ms / 1000;

function invalid(message: string): SimError {
  return new SimError('InvalidInputException', message, 400);
}

function notFound(what: string, name: string): SimError {
  return new SimError('NotFoundException', `The ${what} does not exist: ${name}`, 400, 'DoesNotExist');
}

const nullMessage = (field: string) =>
  `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`;

function name(input: Record<string, unknown>, field: string): string {
  const v = input[field];
  if (v === undefined || v === null) throw invalid(nullMessage(field));
  if (!isValidResourceName(v)) {
    throw invalid(
      `1 validation error detected: Value '${String(v)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: \\w[\\w\\-]*\\w`,
    );
  }
  return v;
}

function names(input: Record<string, unknown>): string[] {
  const v = input['instanceNames'];
  if (!Array.isArray(v) || v.length === 0) throw invalid(nullMessage('instanceNames'));
  if (v.length > 20) throw invalid('At most 20 instance names may be given.');
  return v.map((_, i) => name(v as unknown as Record<string, unknown>, String(i)));
}

function tagsOf(v: unknown): { key: string; value?: string }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid('tags must be a list.');
  return v.map((t: unknown) => {
    const r = (t ?? {}) as Record<string, unknown>;
    if (typeof r['key'] !== 'string') throw invalid('A tag needs a key.');
    return typeof r['value'] === 'string' ? { key: r['key'], value: r['value'] } : { key: r['key'] };
  });
}

function zone(ctx: OpContext, input: Record<string, unknown>): string {
  const v = input['availabilityZone'];
  if (typeof v !== 'string') throw invalid(nullMessage('availabilityZone'));
  if (
    !/^[a-z]$/.test(v.slice(ctx.region.length)) ||
    !v.startsWith(ctx.region) ||
    !'abc'.includes(v.slice(-1))
  ) {
    throw invalid(`The availability zone ${v} is not in ${ctx.region}.`);
  }
  return v;
}

function computer(ctx: OpContext, n: string): ComputerRecord {
  const c = ctx.world.find(ctx.account, ctx.region, n);
  if (!c) throw notFound('Instance', n);
  return c;
}

function location(region: string, availabilityZone = `${region}a`) {
  return { availabilityZone, regionName: region };
}

/** An Operation record for a resource. */
function op(
  ctx: OpContext,
  resourceName: string,
  resourceType: string,
  operationType: string,
  terminal: boolean,
  operationDetails?: string,
): Record<string, unknown> {
  const now = secs(ctx.world.clock.now());
  return {
    id: randomUUID(),
    resourceName,
    resourceType,
    createdAt: now,
    location: location(ctx.region),
    isTerminal: terminal,
    operationType,
    ...(operationDetails !== undefined ? { operationDetails } : {}),
    status: terminal ? 'Succeeded' : 'Started',
    statusChangedAt: now,
  };
}

function snapshotShape(ctx: OpContext, s: SnapshotRecord): Record<string, unknown> {
  return {
    name: s.name,
    arn: s.arn,
    supportCode: `${ctx.account.accountId}/${s.name}`,
    createdAt: secs(s.createdAt),
    location: location(s.region),
    resourceType: 'InstanceSnapshot',
    tags: s.tags,
    state: snapshotState(ctx.world, s),
    progress: snapshotProgress(ctx.world, s),
    fromAttachedDisks: [],
    fromInstanceName: s.fromInstanceName,
    fromInstanceArn: s.fromInstanceArn,
    fromBlueprintId: s.fromBlueprintId,
    fromBundleId: s.fromBundleId,
    isFromAutoSnapshot: false,
    sizeInGb: s.sizeInGb,
  };
}

/** A Disk as the service model shapes it. */
export function diskShape(ctx: OpContext, d: DiskRecord): Record<string, unknown> {
  const st = diskState(ctx.world, d);
  const attached = st.state === 'in-use' && d.attachment;
  return {
    name: d.name,
    arn: d.arn,
    supportCode: `${ctx.account.accountId}/${d.name}`,
    createdAt: secs(d.createdAt),
    location: location(d.region, d.availabilityZone),
    resourceType: 'Disk',
    tags: d.tags,
    addOns: [],
    sizeInGb: d.sizeInGb,
    isSystemDisk: false,
    iops: Math.max(100, d.sizeInGb * 3),
    ...(attached ? { path: attached.path, attachedTo: attached.instanceName } : {}),
    state: st.state,
    isAttached: st.attachmentState === 'attached',
    attachmentState: st.attachmentState,
    gbInUse: 0,
    ...(attached ? { autoMountStatus: st.attachmentState === 'attached' ? 'Mounted' : 'Pending' } : {}),
  };
}

function page<T>(ctx: OpContext, all: T[], token: unknown): { items: T[]; next?: string } {
  let offset = 0;
  if (token !== undefined && token !== null) {
    const parsed =
      typeof token === 'string'
        ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^s/, ''))
        : NaN;
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > all.length)
      throw invalid('The pageToken is not valid.');
    offset = parsed;
  }
  const next = offset + ctx.pageSize;
  return {
    items: all.slice(offset, next),
    ...(next < all.length ? { next: Buffer.from(`s${next}`).toString('base64url') } : {}),
  };
}

function diskSize(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 8 || v > 16_384)
    throw invalid('The sizeInGb must be a whole number of GB from 8 to 16384.');
  return v;
}

function refuseDuplicateComputers(ctx: OpContext, list: string[]): void {
  if (new Set(list).size !== list.length) throw invalid('The instance names must be different.');
  for (const n of list) {
    if (ctx.world.find(ctx.account, ctx.region, n)) throw invalid(`Some names are already in use: ${n}`);
  }
}

// Creates pending computers; the add-ons asked for are enabled at once.
function createComputers(
  ctx: OpContext,
  list: string[],
  az: string,
  blueprintId: string,
  bundleId: string,
  input: Record<string, unknown>,
): Record<string, unknown>[] {
  const tags = tagsOf(input['tags']);
  const addOns = input['addOns'];
  if (addOns !== undefined && addOns !== null && !Array.isArray(addOns))
    throw invalid('addOns must be a list.');
  return list.map((n) => {
    const c = ctx.world.addComputer(ctx.account, {
      region: ctx.region,
      name: n,
      blueprintId,
      bundleId,
      state: 'pending',
      createdAt: ctx.world.clock.now(),
      tags,
    });
    c.availabilityZone = az;
    for (const a of (addOns ?? []) as Record<string, unknown>[]) applyAddOn(ctx, c, a);
    return op(ctx, n, 'Instance', 'CreateInstance', false);
  });
}

/** EnableAddOn for either add-on; the idle rule is delegated to the world. */
export function applyAddOn(
  ctx: OpContext,
  c: ComputerRecord,
  req: Record<string, unknown>,
): 'AutoSnapshot' | 'StopInstanceOnIdle' {
  const type = req['addOnType'];
  if (type === 'AutoSnapshot') {
    const r = (req['autoSnapshotAddOnRequest'] ?? {}) as Record<string, unknown>;
    const t = r['snapshotTimeOfDay'] ?? '06:00';
    if (typeof t !== 'string' || !/^([01]\d|2[0-3]):00$/.test(t))
      throw invalid('The snapshotTimeOfDay must be a whole hour in the form HH:00 (UTC).');
    storeOf(ctx.account).autoSnapshot.set(c.arn, { snapshotTimeOfDay: t, since: ctx.world.clock.now() });
    return 'AutoSnapshot';
  }
  if (type === 'StopInstanceOnIdle') {
    const r = (req['stopInstanceOnIdleRequest'] ?? {}) as Record<string, unknown>;
    const threshold = Number(r['threshold']);
    const duration = Number(r['duration']);
    if (
      !(threshold >= 1 && threshold <= 100) ||
      !Number.isInteger(duration) ||
      duration < 1 ||
      duration > 10_080
    ) {
      throw invalid(
        'The stopInstanceOnIdleRequest threshold must be 1 to 100 and duration 1 to 10080 minutes, given as strings.',
      );
    }
    ctx.world.enableIdleRule(c, { thresholdPercent: threshold, durationMinutes: duration });
    return 'StopInstanceOnIdle';
  }
  throw invalid(
    `1 validation error detected: Value '${String(type)}' at 'addOnType' failed to satisfy constraint: Member must satisfy enum value set: [AutoSnapshot, StopInstanceOnIdle]`,
  );
}

const STATISTICS = ['Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum'];

// Five-minute samples of the profile inside one period, for the statistics.
function samples(ctx: OpContext, c: ComputerRecord, from: number, periodMs: number): number[] {
  const step = Math.min(periodMs, 300_000);
  const out: number[] = [];
  for (let t = from; t < from + periodMs && out.length < 288; t += step) out.push(cpuAt(ctx.account, c, t));
  return out;
}

function metricData(input: Record<string, unknown>, ctx: OpContext): unknown {
  const c = computer(ctx, name(input, 'instanceName'));
  const metric = input['metricName'];
  if (metric !== 'CPUUtilization')
    throw invalid(`The simulator serves the CPUUtilization metric only, not ${String(metric)}.`);
  const period = input['period'];
  if (
    typeof period !== 'number' ||
    !Number.isInteger(period) ||
    period < 60 ||
    period > 86_400 ||
    period % 60 !== 0
  )
    throw invalid('The period must be a multiple of 60 from 60 to 86400 seconds.');
  const start = input['startTime'];
  const end = input['endTime'];
  if (typeof start !== 'number' || typeof end !== 'number' || !(end > start))
    throw invalid('The endTime must be later than the startTime.');
  if (input['unit'] !== 'Percent') throw invalid('The unit of CPUUtilization is Percent.');
  const stats = input['statistics'];
  if (!Array.isArray(stats) || stats.length === 0 || !stats.every((s) => STATISTICS.includes(s as string)))
    throw invalid(`The statistics must be some of ${STATISTICS.join(', ')}.`);
  const periodMs = period * 1000;
  const from = Math.floor((start * 1000) / periodMs) * periodMs;
  if ((end * 1000 - from) / periodMs > 1440)
    throw invalid('The request asks for more than 1440 datapoints; use a longer period.');
  const now = ctx.world.clock.now();
  const metricData: Record<string, unknown>[] = [];
  for (let t = from; t < end * 1000 && t + periodMs <= now; t += periodMs) {
    // A stopped computer reports nothing, as CloudWatch has no samples for it.
    if (ctx.world.runningHours(c, t, t + periodMs) <= 0) continue;
    const v = samples(ctx, c, t, periodMs);
    const sum = v.reduce((a, b) => a + b, 0);
    const all: Record<string, number> = {
      Average: sum / v.length,
      Maximum: Math.max(...v),
      Minimum: Math.min(...v),
      SampleCount: v.length,
      Sum: sum,
    };
    const point: Record<string, unknown> = { timestamp: secs(t), unit: 'Percent' };
    for (const s of stats as string[])
      point[s.charAt(0).toLowerCase() + s.slice(1)] = Math.round(all[s]! * 1000) / 1000;
    metricData.push(point);
  }
  return { metricName: 'CPUUtilization', metricData };
}

/** Operation name -> handler, for the manage operations. */
export const MANAGE_OPERATIONS: Record<string, Handler> = {
  CreateInstances(input, ctx) {
    const list = names(input);
    const az = zone(ctx, input);
    const blueprintId = input['blueprintId'];
    const bundleId = input['bundleId'];
    if (typeof blueprintId !== 'string' || !findBlueprint(blueprintId)?.isActive)
      throw invalid(`The blueprint ${String(blueprintId)} does not exist or is not available.`);
    if (typeof bundleId !== 'string' || !compatible(blueprintId, bundleId))
      throw invalid(`The bundle ${String(bundleId)} cannot be used with the blueprint ${blueprintId}.`);
    refuseDuplicateComputers(ctx, list);
    return { operations: createComputers(ctx, list, az, blueprintId, bundleId, input) };
  },

  CreateInstancesFromSnapshot(input, ctx) {
    const list = names(input);
    const az = zone(ctx, input);
    const s = findSnapshot(ctx.account, ctx.region, name(input, 'instanceSnapshotName'));
    if (!s) throw notFound('InstanceSnapshot', String(input['instanceSnapshotName']));
    if (snapshotState(ctx.world, s) !== 'available')
      throw invalid(`The instance snapshot ${s.name} is not available yet.`);
    const bundleId = input['bundleId'];
    if (typeof bundleId !== 'string' || !compatible(s.fromBlueprintId, bundleId))
      throw invalid(`The bundle ${String(bundleId)} cannot be used with this snapshot.`);
    refuseDuplicateComputers(ctx, list);
    return { operations: createComputers(ctx, list, az, s.fromBlueprintId, bundleId, input) };
  },

  DeleteInstance(input, ctx) {
    const c = computer(ctx, name(input, 'instanceName'));
    removeComputer(ctx.world, ctx.account, c);
    return { operations: [op(ctx, c.name, 'Instance', 'DeleteInstance', true)] };
  },

  CreateInstanceSnapshot(input, ctx) {
    const c = computer(ctx, name(input, 'instanceName'));
    const snapshotName = name(input, 'instanceSnapshotName');
    if (findSnapshot(ctx.account, ctx.region, snapshotName))
      throw invalid(`An instance snapshot named ${snapshotName} already exists.`);
    addSnapshot(ctx.world, ctx.account, c, snapshotName, tagsOf(input['tags']));
    return {
      operations: [
        op(ctx, snapshotName, 'InstanceSnapshot', 'CreateInstanceSnapshot', false),
        op(ctx, c.name, 'Instance', 'CreateInstanceSnapshot', false),
      ],
    };
  },

  GetInstanceSnapshots(input, ctx) {
    const { items, next } = page(ctx, listSnapshots(ctx.account, ctx.region), input['pageToken']);
    return {
      instanceSnapshots: items.map((s) => snapshotShape(ctx, s)),
      ...(next ? { nextPageToken: next } : {}),
    };
  },

  GetInstanceSnapshot(input, ctx) {
    const n = name(input, 'instanceSnapshotName');
    const s = findSnapshot(ctx.account, ctx.region, n);
    if (!s) throw notFound('InstanceSnapshot', n);
    return { instanceSnapshot: snapshotShape(ctx, s) };
  },

  DeleteInstanceSnapshot(input, ctx) {
    const n = name(input, 'instanceSnapshotName');
    const s = findSnapshot(ctx.account, ctx.region, n);
    if (!s) throw notFound('InstanceSnapshot', n);
    if (snapshotState(ctx.world, s) === 'pending')
      throw invalid(`The instance snapshot ${n} is still being created.`);
    removeSnapshot(ctx.account, ctx.region, n);
    return { operations: [op(ctx, n, 'InstanceSnapshot', 'DeleteInstanceSnapshot', true)] };
  },

  GetDisks(input, ctx) {
    const { items, next } = page(ctx, listDisks(ctx.account, ctx.region), input['pageToken']);
    return { disks: items.map((d) => diskShape(ctx, d)), ...(next ? { nextPageToken: next } : {}) };
  },

  GetDisk(input, ctx) {
    const n = name(input, 'diskName');
    const d = findDisk(ctx.account, ctx.region, n);
    if (!d) throw notFound('Disk', n);
    return { disk: diskShape(ctx, d) };
  },

  CreateDisk(input, ctx) {
    const n = name(input, 'diskName');
    const az = zone(ctx, input);
    const sizeInGb = diskSize(input['sizeInGb']);
    if (findDisk(ctx.account, ctx.region, n)) throw invalid(`A disk named ${n} already exists.`);
    addDisk(ctx.world, ctx.account, {
      region: ctx.region,
      availabilityZone: az,
      name: n,
      sizeInGb,
      tags: tagsOf(input['tags']),
    });
    return { operations: [op(ctx, n, 'Disk', 'CreateDisk', false)] };
  },

  AttachDisk(input, ctx) {
    const n = name(input, 'diskName');
    const d = findDisk(ctx.account, ctx.region, n);
    if (!d) throw notFound('Disk', n);
    const c = computer(ctx, name(input, 'instanceName'));
    const path = input['diskPath'];
    if (typeof path !== 'string' || !/^\/dev\/xvd[b-z]$/.test(path))
      throw invalid('The diskPath must be a device path such as /dev/xvdf.');
    if (diskState(ctx.world, d).state !== 'available')
      throw invalid(`The disk ${n} is not available to attach.`);
    if (c.availabilityZone !== d.availabilityZone)
      throw invalid(
        `The disk ${n} is in ${d.availabilityZone} and the instance ${c.name} in ${c.availabilityZone}.`,
      );
    d.attachment = { instanceName: c.name, path, since: ctx.world.clock.now() };
    return {
      operations: [op(ctx, n, 'Disk', 'AttachDisk', false), op(ctx, c.name, 'Instance', 'AttachDisk', false)],
    };
  },

  DetachDisk(input, ctx) {
    const n = name(input, 'diskName');
    const d = findDisk(ctx.account, ctx.region, n);
    if (!d) throw notFound('Disk', n);
    if (diskState(ctx.world, d).attachmentState !== 'attached' || !d.attachment)
      throw invalid(`The disk ${n} is not attached.`);
    const c = ctx.world.find(ctx.account, ctx.region, d.attachment.instanceName);
    if (c && ctx.world.power(c) !== 'stopped')
      throw invalid(`Stop the instance ${c.name} before detaching the disk ${n}.`);
    d.attachment.detachingSince = ctx.world.clock.now();
    return { operations: [op(ctx, n, 'Disk', 'DetachDisk', false)] };
  },

  DeleteDisk(input, ctx) {
    const n = name(input, 'diskName');
    const d = findDisk(ctx.account, ctx.region, n);
    if (!d) throw notFound('Disk', n);
    if (diskState(ctx.world, d).state !== 'available')
      throw invalid(`The disk ${n} must be detached (and created) before it is deleted.`);
    removeDisk(ctx.account, ctx.region, n);
    return { operations: [op(ctx, n, 'Disk', 'DeleteDisk', true)] };
  },

  GetInstanceMetricData: metricData,
};

/** The timings the manage operations use (re-exported for the admin routes). */
export { MANAGE_TIMINGS };
