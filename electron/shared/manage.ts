// Shapes and words of the manage features (new computer, delete, snapshots, disks, CPU) that the
// core, the CLI and the renderer share: one home, so they say the same thing.
import type { IdleRule } from './models.js';

/** Hours Lightsail counts in a month when it turns a monthly price into an hourly one. */
export const HOURS_PER_MONTH = 730;

/** Block storage price per GB-month (Lightsail's published disk price, USD). */
export const DISK_PRICE_PER_GB_MONTH = 0.1;

/** An LfR application (blueprint) a new computer can run. */
export interface Application {
  id: string;
  name: string;
  description: string;
}

/** An LfR plan (bundle) and its price. */
export interface Plan {
  id: string;
  name: string;
  cpuCount: number;
  ramGb: number;
  diskGb: number;
  pricePerMonth: number;
  pricePerHour: number;
}

/** What the user asks for when creating a computer. */
export interface NewComputer {
  name: string;
  applicationId: string;
  planId: string;
  /** The availability zone; the region's first one when omitted. */
  availabilityZone?: string;
  idleRule?: IdleRule;
  /** Daily automatic snapshots at this UTC hour ("HH:00"). */
  autoSnapshotAt?: string;
}

/** An instance snapshot as the launcher shows it. */
export interface SnapshotInfo {
  name: string;
  fromComputer: string;
  applicationId: string;
  planId: string;
  state: 'pending' | 'available' | 'error' | 'unknown';
  /** "42%" while pending. */
  progress?: string;
  sizeGb: number;
  /** Epoch ms. */
  createdAt: number;
}

/** A block-storage disk as the launcher shows it. */
export interface DiskInfo {
  name: string;
  sizeGb: number;
  state: 'pending' | 'available' | 'in-use' | 'error' | 'unknown';
  attachedTo?: string;
  attachmentState?: string;
  path?: string;
  pricePerMonth: number;
  /** Epoch ms. */
  createdAt: number;
}

/** One CPU datapoint: start of its period (epoch ms) and average %. */
export interface CpuPoint {
  at: number;
  percent: number;
}

/** What an idle rule would have done over a stretch of CPU data. */
export interface IdlePreview {
  /** Epoch ms of each stop the rule would have made. */
  stops: number[];
  /** Whether the data covered the rule's duration at all. */
  enoughData: boolean;
}

/** A disk's state in words: "being created", "not attached", "attaching to lab", "detaching from lab". */
export function diskStateLabel(d: Pick<DiskInfo, 'state' | 'attachedTo' | 'attachmentState'>): string {
  if (d.state === 'pending') return 'being created';
  if (d.attachedTo && d.attachmentState === 'detaching') return `detaching from ${d.attachedTo}`;
  if (d.attachedTo)
    return `${d.attachmentState === 'attaching' ? 'attaching' : 'attached'} to ${d.attachedTo}`;
  return d.state === 'available' ? 'not attached' : d.state;
}

/** Whether a disk is between two states (the panel follows it until it settles). */
export function diskInTransition(d: Pick<DiskInfo, 'state' | 'attachmentState'>): boolean {
  return d.state === 'pending' || d.attachmentState === 'attaching' || d.attachmentState === 'detaching';
}

/** Lightsail's resourceName pattern. */
export const RESOURCE_NAME_PATTERN = /^\w[\w-]*\w$/;

/** Why a name cannot be sent to Lightsail, in words; undefined when it is fine. */
export function resourceNameProblem(what: string, name: string): string | undefined {
  if (name.length === 0) return `Give the ${what} a name.`;
  if (name.length > 255) return `The ${what} name is too long (255 characters at most).`;
  if (!RESOURCE_NAME_PATTERN.test(name))
    return `"${name.slice(0, 80)}" cannot be a ${what} name: use letters, digits, underscores and hyphens, at least two characters, starting and ending with a letter or digit.`;
  return undefined;
}

/** Price as the dialogs show it: "$0.0413/hour · $30.16/month". */
export function priceLabel(pricePerMonth: number): string {
  return `$${(pricePerMonth / HOURS_PER_MONTH).toFixed(4)}/hour · $${pricePerMonth.toFixed(2)}/month`;
}

/** Age as lists show it: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ageLabel(at: number, now: number): string {
  const min = Math.floor((now - at) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

const TIMES = ['', 'once', 'twice'];

/** The idle-rule preview in words: "Over the last 24 hours this rule would have stopped it twice, after 14:05 and 22:40." */
export function idlePreviewLabel(
  preview: IdlePreview,
  hours: number,
  formatTime: (ms: number) => string,
): string {
  const over = `Over the last ${hours} hours`;
  if (!preview.enoughData)
    return `${over} there is not enough CPU data to tell what this rule would have done.`;
  const n = preview.stops.length;
  if (n === 0) return `${over} this rule would not have stopped it.`;
  const times = preview.stops.map(formatTime);
  const list =
    times.length === 1 ? times[0] : `${times.slice(0, -1).join(', ')} and ${times[times.length - 1]}`;
  return `${over} this rule would have stopped it ${TIMES[n] ?? `${n} times`}, after ${list}.`;
}

/** Snapshot storage price per GB-month (Lightsail's published price, USD). */
export const SNAPSHOT_PRICE_PER_GB_MONTH = 0.05;

/** What keeping some snapshots costs a month at most ($0.05 per GB of the disks they hold). */
export function snapshotsMonthlyPrice(
  snapshots: readonly Pick<SnapshotInfo, 'sizeGb'>[],
): number | undefined {
  if (snapshots.some((s) => !(s.sizeGb > 0))) return undefined;
  return Math.round(snapshots.reduce((t, s) => t + s.sizeGb, 0) * SNAPSHOT_PRICE_PER_GB_MONTH * 100) / 100;
}

/**
 * The delete confirmation: what is lost (the computer, its disk, and its snapshots when the user
 * chooses) and what keeps costing (the snapshots kept, with their count and monthly price when
 * known). `snapshots` is undefined while they are being counted.
 */
export function deleteWarning(
  name: string,
  snapshots: number | undefined,
  opts: { withSnapshots?: boolean; pricePerMonth?: number | undefined } = {},
): {
  title: string;
  lost: string;
  costs: string;
  withSnapshots: string;
  typeToConfirm: string;
  confirm: string;
} {
  const n = snapshots ?? 0;
  const them = n === 1 ? 'its snapshot' : `its ${n} snapshots`;
  const price = opts.pricePerMonth === undefined ? '' : ` (up to $${opts.pricePerMonth.toFixed(2)}/month)`;
  const lostSnapshots = opts.withSnapshots && n > 0 ? ` So ${n === 1 ? 'is' : 'are'} ${them}.` : '';
  return {
    title: `Delete ${name}?`,
    lost: `${name} and its system disk are deleted for good: everything on it that is not in a snapshot is lost.${lostSnapshots}`,
    costs:
      snapshots === undefined
        ? 'Counting its snapshots…'
        : n === 0
          ? 'It has no snapshots: nothing of it keeps costing.'
          : opts.withSnapshots
            ? `Nothing of it keeps costing: ${them} ${n === 1 ? 'is' : 'are'} deleted after it.`
            : `Its ${n === 1 ? 'snapshot stays' : `${n} snapshots stay`} and keep${n === 1 ? 's' : ''} costing${price} until you delete ${n === 1 ? 'it' : 'them'}.`,
    withSnapshots: n === 1 ? 'Delete its snapshot too' : `Delete its ${n} snapshots too`,
    typeToConfirm: `Type ${name} to confirm.`,
    confirm: opts.withSnapshots && n > 0 ? 'Delete computer and snapshots' : 'Delete computer',
  };
}

/** What a delete is doing now: "Deleting lab…", "Deleting snapshot 2 of 3 (lab-night)…". */
export function deleteStepLabel(
  s: { step: 'computer'; name: string } | { step: 'snapshot'; name: string; index: number; count: number },
): string {
  return s.step === 'computer'
    ? `Deleting ${s.name}…`
    : `Deleting snapshot ${s.index + 1} of ${s.count} (${s.name})…`;
}

/** A snapshot name from a computer name and a time: "lab-2026-03-15-1405" (UTC). */
export function defaultSnapshotName(computer: string, at: number): string {
  const d = new Date(at).toISOString();
  return `${computer.slice(0, 200)}-${d.slice(0, 10)}-${d.slice(11, 13)}${d.slice(14, 16)}`;
}

/**
 * What the rule would have done: it stops the computer once the load has stayed under the
 * threshold for the duration. After such a stop it counts again only once the figures show the
 * computer in use (someone started it and worked); a gap in the figures (the computer was
 * stopped) ends an idle stretch.
 */
export function idleRulePreview(
  points: readonly CpuPoint[],
  rule: IdleRule,
  periodMs = 300_000,
): IdlePreview {
  const durationMs = rule.durationMinutes * 60_000;
  const stops: number[] = [];
  let idleSince: number | undefined;
  let armed = true;
  let prev: number | undefined;
  for (const p of points) {
    if (prev !== undefined && p.at - prev > periodMs) idleSince = undefined;
    prev = p.at;
    if (p.percent >= rule.thresholdPercent) {
      idleSince = undefined;
      armed = true;
      continue;
    }
    if (!armed) continue;
    idleSince ??= p.at;
    if (p.at + periodMs - idleSince >= durationMs) {
      stops.push(idleSince + durationMs);
      idleSince = undefined;
      armed = false;
    }
  }
  const span = points.length > 0 ? points[points.length - 1]!.at + periodMs - points[0]!.at : 0;
  return { stops, enoughData: span >= durationMs };
}
