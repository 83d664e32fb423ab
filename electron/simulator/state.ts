// The simulated world: accounts (one per access key), their computers per region, and each
// computer's power and GUI-session state machines, derived lazily from virtual timestamps.
import type { GuiSessionStatus } from '../shared/models.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { BLUEPRINTS, findBlueprint, findBundle } from './catalog.js';
import type { SimClock } from './clock.js';

/** Instance power states the simulator models (Lightsail's InstanceState names). */
export type PowerState = 'pending' | 'running' | 'stopping' | 'stopped';

/** CreateGUISessionAccessDetails status values (the shared model's). */
export type SessionStatus = GuiSessionStatus;

/** One computer to seed. */
export interface ComputerSeed {
  region: string;
  name: string;
  /** Defaults to lfr_jupyterlab_1_0. */
  blueprintId?: string;
  /** Defaults to app_standard_xl_1_0 for LfR blueprints, small_3_0 otherwise. */
  bundleId?: string;
  /** Defaults to running. */
  state?: PowerState;
  /** Initial GUI session: notStarted (default), started (just now), startExpired or stopped. */
  session?: 'notStarted' | 'started' | 'startExpired' | 'stopped';
  /** Creation time (virtual epoch ms or Date); defaults to some days before now. */
  createdAt?: number | Date;
  tags?: { key: string; value?: string }[];
  /** A StopInstanceOnIdle rule enabled since creation. */
  idleRule?: { thresholdPercent: number; durationMinutes: number };
  /** Simulated CPU load in % (default 2: an idle desktop). */
  cpuPercent?: number;
}

/** A custom seed: the computers of the default account. */
export interface SeedSpec {
  computers: ComputerSeed[];
}

/** What a seed option may be. */
export type Seed = 'demo' | 'empty' | SeedSpec;

/** Durations (virtual ms) of the time-driven transitions. */
export interface Timings {
  instanceStartMs: number;
  instanceStopMs: number;
  sessionSetupMs: number;
  sessionResumeMs: number;
  sessionStopMs: number;
  sessionLifetimeMs: number;
}

/** Default timings: a 30 s boot, a 60 s first session setup, one-hour sessions. */
export const DEFAULT_TIMINGS: Timings = {
  instanceStartMs: 30_000,
  instanceStopMs: 20_000,
  sessionSetupMs: 60_000,
  sessionResumeMs: 15_000,
  sessionStopMs: 5_000,
  sessionLifetimeMs: 3_600_000,
};

// Share of a first setup spent in settingUpInstance before the status turns to starting.
const SETTING_UP_SHARE = 0.6;

interface SessionRecord {
  phase: 'notStarted' | 'setup' | 'stopping' | 'stopped' | 'failed';
  /** Virtual time the current phase began (setup: requested; stopping: began). */
  since: number;
  /** setup: duration of this run, and whether it is a resume (no settingUpInstance). */
  durationMs: number;
  resume: boolean;
  failure?: { status: 'failedInstanceCreation' | 'failedStartingGUISession'; reason: string };
  /** Bumped whenever the session (re)starts or stops: tokens of older epochs are dead. */
  epoch: number;
  /** StartGUISession on a started session: its hour counts again from here (same URLs). */
  renewedAt?: number;
}

/** A simulated instance. */
export interface ComputerRecord {
  accountId: string;
  region: string;
  availabilityZone: string;
  name: string;
  arn: string;
  supportCode: string;
  createdAt: number;
  blueprintId: string;
  bundleId: string;
  privateIpAddress: string;
  publicIpAddress: string;
  ipv6: string;
  tags: { key: string; value?: string }[];
  power: { state: PowerState; since: number };
  /** Every power state the computer has been in, oldest first (for GetCostEstimate). */
  powerLog: { state: PowerState; since: number }[];
  session: SessionRecord;
  /** The StopInstanceOnIdle add-on, when enabled: CPU % threshold, minutes, and since when. */
  idleRule?: IdleRule;
  /** Simulated CPU load in %, and since when it holds (virtual ms). */
  cpu: { percent: number; since: number };
  /** Virtual time the idle rule stopped the computer, until it is started again. */
  stoppedByRuleAt?: number;
}

/** A StopInstanceOnIdle add-on as the simulator keeps it. */
export interface IdleRule {
  thresholdPercent: number;
  durationMinutes: number;
  /** Virtual ms it was enabled. */
  since: number;
}

/** CPU load of a running computer that nobody uses (the seed's default). */
export const DEFAULT_IDLE_CPU_PERCENT = 2;

/** A snapshot of one computer, for tests and GET /__sim/state. */
export interface ComputerView {
  accessKeyId: string;
  region: string;
  name: string;
  blueprintId: string;
  bundleId: string;
  /** Lightsail for Research computer (LfR blueprint) rather than an ordinary instance. */
  research: boolean;
  state: PowerState;
  session: {
    status: SessionStatus;
    percentageComplete: number;
    failureReason?: string;
    startedAt?: number;
    startedAtWall?: number;
  };
  createdAt: number;
  idleRule?: { thresholdPercent: number; durationMinutes: number };
  cpuPercent: number;
  stoppedByRule: boolean;
}

/** Session status at one instant. */
export interface SessionSnapshot {
  status: SessionStatus;
  percentageComplete: number;
  failureReason?: string;
  /** Virtual time the session became (or becomes) started, for an active setup run. */
  startedAt?: number;
}

/** An account: one access key pair and its computers. */
export interface Account {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** region -> name -> computer */
  regions: Map<string, Map<string, ComputerRecord>>;
}

const NAME_PATTERN = /^\w[\w-]*\w$/;

/** Whether a resource name matches Lightsail's `\w[\w\-]*\w`. */
export function isValidResourceName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 255 && NAME_PATTERN.test(name);
}

/** The world: accounts, their computers and the clock every transition is measured on. */
export class World {
  readonly accounts = new Map<string, Account>();

  /** StartGUISession on a started session starts its hour again (false: it changes nothing). */
  renewStartedSessions = true;

  constructor(
    readonly clock: SimClock,
    readonly timings: Timings,
  ) {}

  /** Registers an account (access key pair) with its own computers. */
  addAccount(spec: {
    accessKeyId: string;
    secretAccessKey: string;
    accountId?: string;
    seed?: Seed;
  }): Account {
    if (!/^[A-Z0-9]{16,128}$/.test(spec.accessKeyId))
      throw new Error(`accessKeyId must be 16-128 upper-case letters or digits: ${spec.accessKeyId}`);
    if (this.accounts.has(spec.accessKeyId)) throw new Error(`account ${spec.accessKeyId} already exists`);
    const account: Account = {
      accessKeyId: spec.accessKeyId,
      secretAccessKey: spec.secretAccessKey,
      accountId: spec.accountId ?? String(100_000_000_000 + this.accounts.size * 111_111_111_1 + 12),
      regions: new Map(),
    };
    this.accounts.set(account.accessKeyId, account);
    for (const c of seedComputers(spec.seed ?? 'empty')) this.addComputer(account, c);
    return account;
  }

  /**
   * Registers another access key pair for an existing account (a second IAM user or role of the
   * same account): it sees the very same computers.
   */
  addAccessKey(existingAccessKeyId: string, key: { accessKeyId: string; secretAccessKey: string }): Account {
    const account = this.accounts.get(existingAccessKeyId);
    if (!account) throw new Error(`no account with access key ${existingAccessKeyId}`);
    if (this.accounts.has(key.accessKeyId)) throw new Error(`account ${key.accessKeyId} already exists`);
    const alias: Account = { ...account, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    this.accounts.set(key.accessKeyId, alias);
    return alias;
  }

  /** Adds one computer to an account. */
  addComputer(account: Account, seed: ComputerSeed): ComputerRecord {
    if (!isValidResourceName(seed.name))
      throw new Error(`invalid computer name ${JSON.stringify(seed.name)} (Lightsail wants \\w[\\w-]*\\w)`);
    let byName = account.regions.get(seed.region);
    if (!byName) account.regions.set(seed.region, (byName = new Map()));
    if (byName.has(seed.name)) throw new Error(`computer ${seed.region}/${seed.name} already exists`);
    const now = this.clock.now();
    const blueprintId = seed.blueprintId ?? 'lfr_jupyterlab_1_0';
    const research = findBlueprint(blueprintId)?.appCategory === 'LfR';
    const bundleId = seed.bundleId ?? (research ? 'app_standard_xl_1_0' : 'small_3_0');
    const n = hash(`${account.accountId}/${seed.region}/${seed.name}`);
    const createdAt =
      seed.createdAt instanceof Date
        ? seed.createdAt.getTime()
        : (seed.createdAt ?? now - (1 + (n % 90)) * 86_400_000 - (n % 86_400) * 1000);
    const id = randomUUID();
    const rec: ComputerRecord = {
      accountId: account.accountId,
      region: seed.region,
      availabilityZone: `${seed.region}a`,
      name: seed.name,
      arn: `arn:aws:lightsail:${seed.region}:${account.accountId}:Instance/${id}`,
      supportCode: `${account.accountId}/i-${randomBytes(8).toString('hex').slice(0, 17)}`,
      createdAt,
      blueprintId,
      bundleId,
      privateIpAddress: `172.26.${(n >> 8) & 255}.${(n & 253) + 2}`,
      // 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 are documentation ranges (RFC 5737).
      publicIpAddress: `${['192.0.2', '198.51.100', '203.0.113'][n % 3]}.${((n >> 4) % 250) + 2}`,
      ipv6: `2001:db8:${(n & 0xffff).toString(16)}::${((n >> 16) & 0xffff).toString(16)}`,
      tags: seed.tags ?? [],
      // A settled seed state has held since creation; a transition in progress began now.
      power: {
        state: seed.state ?? 'running',
        since: seed.state === 'pending' || seed.state === 'stopping' ? now : Math.min(now, createdAt),
      },
      powerLog: [],
      session: { phase: 'notStarted', since: now, durationMs: 0, resume: false, epoch: 0 },
      cpu: { percent: seed.cpuPercent ?? DEFAULT_IDLE_CPU_PERCENT, since: now },
    };
    rec.powerLog.push({ ...rec.power });
    if (seed.idleRule) rec.idleRule = { ...seed.idleRule, since: now };
    const wanted = seed.session ?? 'notStarted';
    if (wanted === 'started' || wanted === 'startExpired') {
      if (rec.power.state !== 'running')
        throw new Error(`a ${wanted} session needs a running computer (${seed.name})`);
      const lifetime = wanted === 'started' ? 0 : this.timings.sessionLifetimeMs;
      rec.session = {
        phase: 'setup',
        since: now - this.timings.sessionSetupMs - lifetime,
        durationMs: this.timings.sessionSetupMs,
        resume: false,
        epoch: 1,
      };
    } else if (wanted === 'stopped') {
      rec.session = { phase: 'stopped', since: now, durationMs: 0, resume: false, epoch: 1 };
    }
    byName.set(seed.name, rec);
    return rec;
  }

  /** Finds a computer. */
  find(account: Account, region: string, name: string): ComputerRecord | undefined {
    return account.regions.get(region)?.get(name);
  }

  /** All computers of an account in one region, in a stable order (creation, then name). */
  list(account: Account, region: string): ComputerRecord[] {
    return [...(account.regions.get(region)?.values() ?? [])].sort(
      (a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  }

  /** The instance's power state now, settling finished transitions (an idle rule's stop included). */
  power(c: ComputerRecord, now = this.clock.now()): PowerState {
    for (;;) {
      const p = c.power;
      if (p.state === 'pending' && now >= p.since + this.timings.instanceStartMs)
        this.setPower(c, 'running', p.since + this.timings.instanceStartMs);
      else if (p.state === 'stopping' && now >= p.since + this.timings.instanceStopMs)
        this.setPower(c, 'stopped', p.since + this.timings.instanceStopMs);
      else if (p.state === 'running' && (this.idleStopAt(c) ?? Infinity) <= now) {
        const at = this.idleStopAt(c)!;
        this.setPower(c, 'stopping', at);
        c.stoppedByRuleAt = at;
        this.endSessionForStop(c, at);
      } else return p.state;
    }
  }

  /** When the idle rule stops a running computer, given its CPU load now; undefined when it will not. */
  idleStopAt(c: ComputerRecord): number | undefined {
    const rule = c.idleRule;
    if (!rule || c.power.state !== 'running' || c.cpu.percent >= rule.thresholdPercent) return undefined;
    // The service looks at the load over the last `duration` minutes: idle since the latest of
    // boot, the rule's enabling and the load last going under the threshold.
    return Math.max(c.power.since, rule.since, c.cpu.since) + rule.durationMinutes * 60_000;
  }

  /** Sets the simulated CPU load of a computer from now on. */
  setCpu(c: ComputerRecord, percent: number, now = this.clock.now()): void {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100)
      throw new RangeError(`CPU load must be 0..100 %, got ${percent}`);
    this.power(c, now);
    const wasIdle = c.idleRule !== undefined && c.cpu.percent < c.idleRule.thresholdPercent;
    const idle = c.idleRule !== undefined && percent < c.idleRule.thresholdPercent;
    // Staying idle keeps the idle stretch going; only a change across the threshold restarts it.
    if (!(wasIdle && idle)) c.cpu = { percent, since: now };
    else c.cpu = { percent, since: c.cpu.since };
  }

  /** EnableAddOn(StopInstanceOnIdle). */
  enableIdleRule(
    c: ComputerRecord,
    rule: { thresholdPercent: number; durationMinutes: number },
    now = this.clock.now(),
  ): void {
    this.power(c, now);
    c.idleRule = { ...rule, since: now };
  }

  /** DisableAddOn(StopInstanceOnIdle). */
  disableIdleRule(c: ComputerRecord, now = this.clock.now()): void {
    this.power(c, now);
    delete c.idleRule;
  }

  /** Hours the computer was running within [from, to) (virtual ms), counting only time up to now. */
  runningHours(c: ComputerRecord, from: number, to: number, now = this.clock.now()): number {
    this.power(c, now);
    const end = Math.min(to, now);
    let ms = 0;
    c.powerLog.forEach((seg, i) => {
      if (seg.state !== 'running') return;
      const segEnd = c.powerLog[i + 1]?.since ?? now;
      ms += Math.max(0, Math.min(segEnd, end) - Math.max(seg.since, from, c.createdAt));
    });
    return ms / 3_600_000;
  }

  private setPower(c: ComputerRecord, state: PowerState, since: number): void {
    c.power = { state, since };
    c.powerLog.push({ state, since });
    // Keep the log to what a year of cost estimates can ask about.
    if (c.powerLog.length > 5_000) c.powerLog.splice(0, c.powerLog.length - 5_000);
  }

  private endSessionForStop(c: ComputerRecord, at: number): void {
    const status = this.sessionAt(c, at).status;
    if (status !== 'notStarted' && status !== 'stopped')
      c.session = {
        ...c.session,
        phase: 'stopped',
        since: at,
        failure: undefined,
        epoch: c.session.epoch + 1,
      };
  }

  /** When the instance is (or will be) running; undefined when it is stopped or stopping. */
  runningAt(c: ComputerRecord, now = this.clock.now()): number | undefined {
    const state = this.power(c, now);
    if (state === 'running') return c.power.since;
    if (state === 'pending') return c.power.since + this.timings.instanceStartMs;
    return undefined;
  }

  /** GUI session status and progress now. */
  session(c: ComputerRecord, now = this.clock.now()): SessionSnapshot {
    this.power(c, now);
    return this.sessionAt(c, now);
  }

  // The session at an instant, the power state already settled up to it.
  private sessionAt(c: ComputerRecord, now: number): SessionSnapshot {
    const s = c.session;
    switch (s.phase) {
      case 'notStarted':
        return { status: 'notStarted', percentageComplete: 0 };
      case 'stopped':
        return { status: 'stopped', percentageComplete: 0 };
      case 'failed':
        return { status: s.failure!.status, percentageComplete: 0, failureReason: s.failure!.reason };
      case 'stopping':
        if (now >= s.since + this.timings.sessionStopMs) {
          c.session = { ...s, phase: 'stopped', since: s.since + this.timings.sessionStopMs };
          return { status: 'stopped', percentageComplete: 0 };
        }
        return { status: 'stopping', percentageComplete: 0 };
      case 'setup': {
        const runningAt =
          c.power.state === 'running'
            ? c.power.since
            : c.power.state === 'pending'
              ? c.power.since + this.timings.instanceStartMs
              : undefined;
        if (runningAt === undefined) {
          c.session = { ...s, phase: 'stopped', since: now, epoch: s.epoch + 1 };
          return { status: 'stopped', percentageComplete: 0 };
        }
        const begin = Math.max(s.since, runningAt);
        const startedAt = begin + s.durationMs;
        const early = s.resume ? 'starting' : 'settingUpInstance';
        if (now < begin) return { status: early, percentageComplete: 0, startedAt };
        if (now < startedAt) {
          const share = (now - begin) / s.durationMs;
          const status = s.resume || share >= SETTING_UP_SHARE ? 'starting' : 'settingUpInstance';
          return { status, percentageComplete: Math.min(99, Math.floor(share * 100)), startedAt };
        }
        if (now < Math.max(startedAt, s.renewedAt ?? 0) + this.timings.sessionLifetimeMs)
          return { status: 'started', percentageComplete: 100, startedAt };
        return { status: 'startExpired', percentageComplete: 0, startedAt };
      }
    }
  }

  /** StartInstance. */
  startInstance(c: ComputerRecord, now = this.clock.now()): void {
    const state = this.power(c, now);
    if (state === 'stopped' || state === 'stopping') {
      this.setPower(c, 'pending', now);
      delete c.stoppedByRuleAt;
    }
  }

  /** StopInstance: also ends the GUI session at once. */
  stopInstance(c: ComputerRecord, now = this.clock.now()): void {
    const state = this.power(c, now);
    if (state === 'running' || state === 'pending') {
      this.setPower(c, 'stopping', now);
      this.endSessionForStop(c, now);
    }
  }

  /** StartGUISession; returns an error message when the computer cannot host one now. */
  startSession(c: ComputerRecord, now = this.clock.now()): string | undefined {
    const power = this.power(c, now);
    if (power === 'stopped' || power === 'stopping')
      return `The virtual computer ${c.name} is ${power}. Start it before starting a GUI session.`;
    const snap = this.session(c, now);
    switch (snap.status) {
      case 'started':
        // What StartGUISession does to a started session is not documented: both answers exist here.
        if (this.renewStartedSessions) c.session = { ...c.session, renewedAt: now };
        return undefined;
      case 'starting':
      case 'settingUpInstance':
        return undefined;
      case 'startExpired':
        c.session = {
          phase: 'setup',
          since: now,
          durationMs: this.timings.sessionResumeMs,
          resume: true,
          epoch: c.session.epoch + 1,
        };
        return undefined;
      case 'stopping':
        // Starts again once the stop has finished.
        c.session = {
          phase: 'setup',
          since: c.session.since + this.timings.sessionStopMs,
          durationMs: this.timings.sessionSetupMs,
          resume: false,
          epoch: c.session.epoch + 1,
        };
        return undefined;
      default:
        c.session = {
          phase: 'setup',
          since: now,
          durationMs: this.timings.sessionSetupMs,
          resume: false,
          epoch: c.session.epoch + 1,
        };
        return undefined;
    }
  }

  /** StopGUISession. */
  stopSession(c: ComputerRecord, now = this.clock.now()): void {
    const status = this.session(c, now).status;
    if (status === 'notStarted' || status === 'stopped' || status === 'stopping') return;
    if (status === 'failedInstanceCreation' || status === 'failedStartingGUISession') {
      c.session = {
        ...c.session,
        phase: 'stopped',
        since: now,
        failure: undefined,
        epoch: c.session.epoch + 1,
      };
      return;
    }
    c.session = { ...c.session, phase: 'stopping', since: now, epoch: c.session.epoch + 1 };
  }

  /** Marks the session failed (fault injection); it stays so until StartGUISession. */
  failSession(
    c: ComputerRecord,
    status: 'failedInstanceCreation' | 'failedStartingGUISession',
    reason: string,
    now = this.clock.now(),
  ): void {
    c.session = {
      ...c.session,
      phase: 'failed',
      since: now,
      failure: { status, reason },
      epoch: c.session.epoch + 1,
    };
  }

  /** A plain snapshot of one computer. */
  view(account: Account, c: ComputerRecord): ComputerView {
    const now = this.clock.now();
    const snap = this.session(c, now);
    const started = snap.startedAt !== undefined && now >= snap.startedAt;
    return {
      accessKeyId: account.accessKeyId,
      region: c.region,
      name: c.name,
      blueprintId: c.blueprintId,
      bundleId: c.bundleId,
      research: findBlueprint(c.blueprintId)?.appCategory === 'LfR',
      state: this.power(c, now),
      session: {
        status: snap.status,
        percentageComplete: snap.percentageComplete,
        ...(snap.failureReason !== undefined ? { failureReason: snap.failureReason } : {}),
        ...(started
          ? { startedAt: snap.startedAt, startedAtWall: this.clock.wallTimeAt(snap.startedAt!) }
          : {}),
      },
      createdAt: c.createdAt,
      ...(c.idleRule
        ? {
            idleRule: {
              thresholdPercent: c.idleRule.thresholdPercent,
              durationMinutes: c.idleRule.durationMinutes,
            },
          }
        : {}),
      cpuPercent: c.cpu.percent,
      stoppedByRule: c.stoppedByRuleAt !== undefined,
    };
  }
}

/** The computers of a seed. */
export function seedComputers(seed: Seed): ComputerSeed[] {
  if (seed === 'empty') return [];
  if (seed === 'demo') return DEMO_COMPUTERS.map((c) => ({ ...c }));
  return seed.computers;
}

/** The demo seed: research computers in three regions, plus ordinary instances to filter out. */
export const DEMO_COMPUTERS: readonly ComputerSeed[] = [
  // us-east-2 holds more than one default page (10) of instances, so clients must paginate.
  {
    region: 'us-east-2',
    name: 'genomics-notebook',
    blueprintId: 'lfr_jupyterlab_1_0',
    bundleId: 'app_standard_2xl_1_0',
    state: 'running',
    session: 'started',
  },
  {
    region: 'us-east-2',
    name: 'stats-rstudio',
    blueprintId: 'lfr_rstudio_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'model-training-gpu',
    blueprintId: 'lfr_jupyterlab_gpu_1_0',
    bundleId: 'gpu_nvidia_xl_1_0',
    state: 'stopped',
  },
  {
    region: 'us-east-2',
    name: 'thesis-vscodium',
    blueprintId: 'lfr_vscodium_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'field-data-desktop',
    blueprintId: 'lfr_ubuntu_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
    session: 'startExpired',
  },
  {
    region: 'us-east-2',
    name: 'lab-website',
    blueprintId: 'wordpress',
    bundleId: 'small_3_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'ci-runner-1',
    blueprintId: 'ubuntu_22_04',
    bundleId: 'medium_3_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'ci-runner-2',
    blueprintId: 'ubuntu_22_04',
    bundleId: 'medium_3_0',
    state: 'stopped',
  },
  {
    region: 'us-east-2',
    name: 'api-backend',
    blueprintId: 'nodejs',
    bundleId: 'micro_3_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'legacy-lamp',
    blueprintId: 'lamp_8_bitnami',
    bundleId: 'small_3_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'bastion',
    blueprintId: 'amazon_linux_2023',
    bundleId: 'nano_3_0',
    state: 'running',
  },
  {
    region: 'us-east-2',
    name: 'mail-relay',
    blueprintId: 'debian_12',
    bundleId: 'nano_3_0',
    state: 'running',
  },
  {
    region: 'eu-west-2',
    name: 'survey-analysis',
    blueprintId: 'lfr_rstudio_1_0',
    bundleId: 'app_standard_2xl_1_0',
    state: 'running',
  },
  {
    region: 'eu-west-2',
    name: 'climate-scilab',
    blueprintId: 'lfr_scilab_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  // On a retired blueprint: listed only by a client that asks for inactive blueprints too.
  {
    region: 'eu-west-2',
    name: 'legacy-notebook',
    blueprintId: 'lfr_jupyterlab_0_9',
    bundleId: 'app_standard_xl_1_0',
    state: 'stopped',
  },
  {
    region: 'eu-west-2',
    name: 'imaging-gpu',
    blueprintId: 'lfr_jupyterlab_gpu_1_0',
    bundleId: 'gpu_nvidia_2xl_1_0',
    state: 'running',
  },
  {
    region: 'eu-west-2',
    name: 'group-blog',
    blueprintId: 'wordpress',
    bundleId: 'micro_3_0',
    state: 'running',
  },
  {
    region: 'ap-northeast-1',
    name: 'tokyo-notebook',
    blueprintId: 'lfr_jupyterlab_1_0',
    bundleId: 'app_standard_xl_1_0',
    state: 'running',
  },
  {
    region: 'ap-northeast-1',
    name: 'tokyo-proxy',
    blueprintId: 'ubuntu_22_04',
    bundleId: 'nano_3_0',
    state: 'running',
  },
];

/** N generated computers spread over regions (for benchmarks); deterministic for a given input. */
export function generateComputers(opts: {
  count: number;
  regions?: readonly string[];
  prefix?: string;
  researchShare?: number;
}): ComputerSeed[] {
  const regions = opts.regions ?? ['us-east-2', 'eu-west-2'];
  if (regions.length === 0) throw new Error('generateComputers needs at least one region');
  const research = BLUEPRINTS.filter((b) => b.appCategory === 'LfR');
  const other = BLUEPRINTS.filter((b) => b.appCategory !== 'LfR');
  const share = opts.researchShare ?? 0.8;
  const lfrBundles = [
    'app_standard_xl_1_0',
    'app_standard_2xl_1_0',
    'app_standard_4xl_1_0',
    'gpu_nvidia_xl_1_0',
  ];
  const out: ComputerSeed[] = [];
  for (let i = 0; i < opts.count; i++) {
    const isResearch = (i % 100) / 100 < share;
    const bp = isResearch ? research[i % research.length]! : other[i % other.length]!;
    out.push({
      region: regions[i % regions.length]!,
      name: `${opts.prefix ?? 'computer'}-${String(i).padStart(5, '0')}`,
      blueprintId: bp.blueprintId,
      bundleId: isResearch ? lfrBundles[i % lfrBundles.length]! : 'small_3_0',
      state: i % 7 === 3 ? 'stopped' : 'running',
    });
  }
  return out;
}

/** Bundle hardware for an instance (falls back to a small machine for unknown bundles). */
export function hardwareOf(bundleId: string): {
  cpuCount: number;
  ramSizeInGb: number;
  diskSizeInGb: number;
  price: number;
  transferPerMonthInGb: number;
} {
  const b = findBundle(bundleId);
  return b ?? { cpuCount: 2, ramSizeInGb: 2, diskSizeInGb: 60, price: 12, transferPerMonthInGb: 3072 };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
