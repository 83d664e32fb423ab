// The simulator's "manage" side: plans, creating and deleting computers, instance snapshots,
// block-storage disks and CPU metrics. States are derived lazily from virtual timestamps on the
// world's clock, as the power and session state machines are.
import { randomUUID } from 'node:crypto';
import { BUNDLES, findBlueprint, findBundle } from './catalog.js';
import type { Account, ComputerRecord, World } from './state.js';
import { hardwareOf } from './state.js';

/** Durations (virtual ms) of the manage transitions; tests may change them. */
export const MANAGE_TIMINGS = {
  snapshotMs: 120_000,
  diskCreateMs: 10_000,
  diskAttachMs: 5_000,
};

/** An instance snapshot as the simulator keeps it. */
export interface SnapshotRecord {
  name: string;
  arn: string;
  region: string;
  createdAt: number;
  fromInstanceName: string;
  fromInstanceArn: string;
  fromBlueprintId: string;
  fromBundleId: string;
  sizeInGb: number;
  tags: { key: string; value?: string }[];
  /** Fault injection may fail a snapshot. */
  failed?: boolean;
}

/** A block-storage disk as the simulator keeps it. */
export interface DiskRecord {
  name: string;
  arn: string;
  region: string;
  availabilityZone: string;
  createdAt: number;
  sizeInGb: number;
  tags: { key: string; value?: string }[];
  /** Attachment: computer, path, since when; `detachingSince` while a detach runs. */
  attachment?: { instanceName: string; path: string; since: number; detachingSince?: number };
}

/** The AutoSnapshot add-on: the daily hour (UTC, "HH:00") and since when. */
export interface AutoSnapshotRule {
  snapshotTimeOfDay: string;
  since: number;
}

/** Everything of one account this module adds. */
export interface ManageStore {
  snapshots: Map<string, SnapshotRecord>;
  disks: Map<string, DiskRecord>;
  /** arn -> AutoSnapshot add-on. */
  autoSnapshot: Map<string, AutoSnapshotRule>;
  /** arn -> CPU profile: percents over a repeating UTC day, each covering 24 h / length. */
  cpuProfiles: Map<string, number[]>;
}

// Keyed by the account's region map, which access-key aliases of one account share.
const STORES = new WeakMap<object, ManageStore>();

/** The manage store of an account (created on first use). */
export function storeOf(account: Account): ManageStore {
  let s = STORES.get(account.regions);
  if (!s)
    STORES.set(
      account.regions,
      (s = { snapshots: new Map(), disks: new Map(), autoSnapshot: new Map(), cpuProfiles: new Map() }),
    );
  return s;
}

const key = (region: string, name: string) => `${region}/${name}`;

/** Snapshot state now. */
export function snapshotState(world: World, s: SnapshotRecord): 'pending' | 'available' | 'error' {
  if (s.failed) return 'error';
  return world.clock.now() >= s.createdAt + MANAGE_TIMINGS.snapshotMs ? 'available' : 'pending';
}

/** Snapshot progress now, as Lightsail spells it ("42%"). */
export function snapshotProgress(world: World, s: SnapshotRecord): string {
  const share = (world.clock.now() - s.createdAt) / MANAGE_TIMINGS.snapshotMs;
  return `${Math.max(0, Math.min(100, Math.floor(share * 100)))}%`;
}

/** Finds a snapshot. */
export function findSnapshot(account: Account, region: string, name: string): SnapshotRecord | undefined {
  return storeOf(account).snapshots.get(key(region, name));
}

/** Snapshots of one region, oldest first. */
export function listSnapshots(account: Account, region: string): SnapshotRecord[] {
  return [...storeOf(account).snapshots.values()]
    .filter((s) => s.region === region)
    .sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1));
}

/** Takes a snapshot of a computer. */
export function addSnapshot(
  world: World,
  account: Account,
  c: ComputerRecord,
  name: string,
  tags: { key: string; value?: string }[] = [],
): SnapshotRecord {
  const s: SnapshotRecord = {
    name,
    arn: `arn:aws:lightsail:${c.region}:${account.accountId}:InstanceSnapshot/${randomUUID()}`,
    region: c.region,
    createdAt: world.clock.now(),
    fromInstanceName: c.name,
    fromInstanceArn: c.arn,
    fromBlueprintId: c.blueprintId,
    fromBundleId: c.bundleId,
    sizeInGb: hardwareOf(c.bundleId).diskSizeInGb,
    tags,
  };
  storeOf(account).snapshots.set(key(c.region, name), s);
  return s;
}

/** Deletes a snapshot. */
export function removeSnapshot(account: Account, region: string, name: string): void {
  storeOf(account).snapshots.delete(key(region, name));
}

/** Disk state now (Lightsail's DiskState) and attachment state. */
export function diskState(
  world: World,
  d: DiskRecord,
): {
  state: 'pending' | 'available' | 'in-use';
  attachmentState: 'attaching' | 'attached' | 'detaching' | 'detached';
} {
  const now = world.clock.now();
  if (now < d.createdAt + MANAGE_TIMINGS.diskCreateMs)
    return { state: 'pending', attachmentState: 'detached' };
  const a = d.attachment;
  if (!a) return { state: 'available', attachmentState: 'detached' };
  if (a.detachingSince !== undefined) {
    if (now >= a.detachingSince + MANAGE_TIMINGS.diskAttachMs) {
      delete d.attachment;
      return { state: 'available', attachmentState: 'detached' };
    }
    return { state: 'in-use', attachmentState: 'detaching' };
  }
  return {
    state: 'in-use',
    attachmentState: now >= a.since + MANAGE_TIMINGS.diskAttachMs ? 'attached' : 'attaching',
  };
}

/** Finds a disk. */
export function findDisk(account: Account, region: string, name: string): DiskRecord | undefined {
  return storeOf(account).disks.get(key(region, name));
}

/** Disks of one region, oldest first. */
export function listDisks(account: Account, region: string): DiskRecord[] {
  return [...storeOf(account).disks.values()]
    .filter((d) => d.region === region)
    .sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1));
}

/** Creates a disk. */
export function addDisk(
  world: World,
  account: Account,
  spec: {
    region: string;
    availabilityZone: string;
    name: string;
    sizeInGb: number;
    tags?: { key: string; value?: string }[];
  },
): DiskRecord {
  const d: DiskRecord = {
    name: spec.name,
    arn: `arn:aws:lightsail:${spec.region}:${account.accountId}:Disk/${randomUUID()}`,
    region: spec.region,
    availabilityZone: spec.availabilityZone,
    createdAt: world.clock.now(),
    sizeInGb: spec.sizeInGb,
    tags: spec.tags ?? [],
  };
  storeOf(account).disks.set(key(spec.region, spec.name), d);
  return d;
}

/** Deletes a disk. */
export function removeDisk(account: Account, region: string, name: string): void {
  storeOf(account).disks.delete(key(region, name));
}

/** Disks attached (or attaching, or detaching) to a computer. */
export function disksOf(world: World, account: Account, c: ComputerRecord): DiskRecord[] {
  return listDisks(account, c.region).filter(
    (d) => diskState(world, d).state === 'in-use' && d.attachment?.instanceName === c.name,
  );
}

/** Deletes a computer: its attached disks are detached, its snapshots stay. */
export function removeComputer(world: World, account: Account, c: ComputerRecord): void {
  for (const d of disksOf(world, account, c)) delete d.attachment;
  const store = storeOf(account);
  store.autoSnapshot.delete(c.arn);
  store.cpuProfiles.delete(c.arn);
  account.regions.get(c.region)?.delete(c.name);
}

/** The AutoSnapshot add-on of a computer, if enabled. */
export function autoSnapshotOf(account: Account, c: ComputerRecord): AutoSnapshotRule | undefined {
  return storeOf(account).autoSnapshot.get(c.arn);
}

/** Sets the CPU profile of a computer: percents over a repeating UTC day. */
export function setCpuProfile(account: Account, c: ComputerRecord, percents: number[]): void {
  if (
    !Array.isArray(percents) ||
    percents.length < 1 ||
    percents.length > 1440 ||
    !percents.every((p) => Number.isFinite(p) && p >= 0 && p <= 100)
  ) {
    throw new RangeError('a CPU profile is 1..1440 numbers from 0 to 100');
  }
  storeOf(account).cpuProfiles.set(c.arn, [...percents]);
}

/** Simulated CPU % of a computer at a virtual instant (its profile, else its current load). */
export function cpuAt(account: Account, c: ComputerRecord, at: number): number {
  const profile = storeOf(account).cpuProfiles.get(c.arn);
  if (!profile) return c.cpu.percent;
  const day = 86_400_000;
  const slot = Math.floor((((at % day) + day) % day) / (day / profile.length));
  return profile[Math.min(slot, profile.length - 1)]!;
}

/** LfR plans as GetBundles returns them. */
export function bundlesFor(category: 'LfR' | undefined): Record<string, unknown>[] {
  return BUNDLES.filter((b) => category === undefined || b.appCategory === category).map((b) => ({
    price: b.price,
    cpuCount: b.cpuCount,
    diskSizeInGb: b.diskSizeInGb,
    bundleId: b.bundleId,
    instanceType: b.instanceType,
    isActive: true,
    name: b.name,
    power: b.power,
    ramSizeInGb: b.ramSizeInGb,
    transferPerMonthInGb: b.transferPerMonthInGb,
    supportedPlatforms: ['LINUX_UNIX'],
    supportedAppCategories: b.appCategory ? [b.appCategory] : [],
    publicIpv4AddressCount: 1,
  }));
}

/** Whether a blueprint and a bundle may make a computer together (LfR with LfR only). */
export function compatible(blueprintId: string, bundleId: string): boolean {
  const bp = findBlueprint(blueprintId);
  const b = findBundle(bundleId);
  if (!bp || !b) return false;
  return (
    (bp.appCategory === 'LfR') === (b.appCategory === 'LfR') &&
    b.bundleId.startsWith('gpu_') === bp.blueprintId.includes('gpu')
  );
}
