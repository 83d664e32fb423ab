// Public API of the Lightsail simulator. Tests, benchmarks, the CLI and demo mode start it
// with startSimulator() and point an SDK client at `endpoint` with TEST_CREDENTIALS.
import { createSimClock, simClockOf, type WorldClock } from './clock.js';
import type { ActiveFault, FaultSpec } from './faults.js';
import { startDcvServer } from './dcv-server.js';
import { setCpuProfile } from './manage.js';
import { SimServer } from './server.js';
import type { SsoOptions } from './sso.js';
import {
  type ComputerSeed,
  type ComputerView,
  DEFAULT_TIMINGS,
  type Seed,
  type Timings,
  World,
} from './state.js';

export { BLUEPRINTS, BUNDLES, REGIONS } from './catalog.js';
export { MANAGE_TIMINGS } from './manage.js';
export { FAULT_KINDS } from './faults.js';
export type { ActiveFault, FaultKind, FaultSpec } from './faults.js';
export type { SsoOptions } from './sso.js';
export type { WorldClock } from './clock.js';
export { DEMO_COMPUTERS, generateComputers } from './state.js';
export type { ComputerSeed, ComputerView, PowerState, Seed, SeedSpec, SessionStatus } from './state.js';

/** The documented test credentials of the simulator's default account. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDLFRSIMULATOR',
  secretAccessKey: 'lfr-simulator-secret',
} as const;

/** Account id of the default account (in ARNs and support codes). */
export const TEST_ACCOUNT_ID = '123456789012';

/** Options of startSimulator. Durations are virtual milliseconds. */
export interface SimulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Computers of the default account: 'demo' (default), 'empty' or your own. */
  seed?: Seed;
  /** Virtual ms per real ms (default 1). */
  timeScale?: number;
  /**
   * The test world's clock: the simulator's time is that clock's, and moves only when it does
   * (timeScale does not apply; clock.setScale throws). See test/fixtures/virtual-clock.ts.
   */
  clock?: WorldClock;
  /** GetInstances page size (default 10). */
  pageSize?: number;
  /** First GUI session setup, settingUpInstance -> starting -> started (default 60 s). */
  sessionSetupMs?: number;
  /** Resuming an expired session (default 15 s). */
  sessionResumeMs?: number;
  /** StopGUISession: stopping -> stopped (default 5 s). */
  sessionStopMs?: number;
  /** How long a started session lasts before startExpired (default 1 h). */
  sessionLifetimeMs?: number;
  /** StartInstance: pending -> running (default 30 s). */
  instanceStartMs?: number;
  /** StopInstance: stopping -> stopped (default 20 s). */
  instanceStopMs?: number;
  /** No request log (default true; the CLI turns logging on). */
  quiet?: boolean;
  /** Where log lines go when not quiet (default stderr). */
  log?: (line: string) => void;
  /** Serve session pages from a DCV stand-in over HTTPS with a self-signed certificate made at start. */
  dcvTls?: boolean;
  /** The IAM Identity Center stand-in (device sign-in, portal): auto-approval, token lifetimes, roles. */
  sso?: SsoOptions;
  /** StartGUISession on a started session starts its hour again (default true; false: it changes nothing). */
  renewStartedSessions?: boolean;
}

/** An extra account: another access key pair seeing its own computers (e.g. a second profile). */
export interface AccountSpec {
  accessKeyId: string;
  secretAccessKey: string;
  accountId?: string;
  seed?: Seed;
}

/** A running simulator. */
export interface Simulator {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  clock: { now(): number; advance(ms: number): void; setScale(n: number): void };
  faults: { inject(f: FaultSpec): string; remove(id: string): void; clear(): void; list(): ActiveFault[] };
  accounts: { add(spec: AccountSpec): void; list(): string[] };
  /** Same as accounts.add. */
  addAccount(spec: AccountSpec): void;
  /** Another access key pair for the account of an existing key: it sees the same computers. */
  addAccessKey(existingAccessKeyId: string, key: { accessKeyId: string; secretAccessKey: string }): void;
  /** Adds a computer to an account (default: the TEST_CREDENTIALS one). */
  addComputer(seed: ComputerSeed & { accessKeyId?: string }): ComputerView;
  /** A snapshot of one computer, or undefined. */
  computer(region: string, name: string, accessKeyId?: string): ComputerView | undefined;
  /** Real wall-clock ms (Date.now() scale; with a world clock, that clock's ms) at which the current session became started. */
  sessionStartedAt(region: string, name: string, accessKeyId?: string): number | undefined;
  /** Sets a computer's simulated CPU load in % (an idle rule stops it when it stays under the threshold). */
  setCpu(region: string, name: string, percent: number, accessKeyId?: string): ComputerView;
  /** Sets the CPU profile GetInstanceMetricData follows: percents over a repeating UTC day. */
  setCpuProfile(region: string, name: string, percents: number[], accessKeyId?: string): void;
  /** Changes how long a started GUI session lasts (virtual ms), for tests of expiry. */
  setSessionLifetime(ms: number): void;
  /** Whether StartGUISession on a started session starts its hour again (the docs do not say). */
  setRenewStartedSessions(on: boolean): void;
  /** Number of Lightsail requests (signature verified) matching the filter. */
  calls(filter?: { operation?: string; region?: string; accessKeyId?: string }): number;
  resetCalls(): void;
  /** The DCV stand-in when started with dcvTls: its origin, certificate fingerprint, and a way to change it. */
  dcv?: { origin: string; fingerprint(): string | undefined; rotateCertificate(): Promise<string> };
  /** The IAM Identity Center stand-in served on the same endpoint. */
  sso: {
    /** Approve the device code with this user code (every pending one when omitted); how many. */
    approve(userCode?: string): number;
    deny(userCode?: string): number;
    /** User codes waiting for approval. */
    pending(): { userCode: string; startUrl: string }[];
    /** End every portal session: tokens and refresh tokens stop working. */
    endSessions(): void;
    /** Forget every client registration (a revocation): the clients' next calls are refused. */
    forgetClients(): void;
    /** Requests answered per operation, e.g. 'OidcCreateToken', 'PortalLogout'. */
    calls(operation: string): number;
    /** Access token lifetime for tokens issued from now on, in seconds. */
    setAccessTokenTtl(seconds: number): void;
    setAutoApprove(on: boolean): void;
  };
  /** Stops the server; hung and in-flight requests are cut off. */
  close(): Promise<void>;
}

/** Starts a simulator on 127.0.0.1. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const timings: Timings = {
    instanceStartMs: opts.instanceStartMs ?? DEFAULT_TIMINGS.instanceStartMs,
    instanceStopMs: opts.instanceStopMs ?? DEFAULT_TIMINGS.instanceStopMs,
    sessionSetupMs: opts.sessionSetupMs ?? DEFAULT_TIMINGS.sessionSetupMs,
    sessionResumeMs: opts.sessionResumeMs ?? DEFAULT_TIMINGS.sessionResumeMs,
    sessionStopMs: opts.sessionStopMs ?? DEFAULT_TIMINGS.sessionStopMs,
    sessionLifetimeMs: opts.sessionLifetimeMs ?? DEFAULT_TIMINGS.sessionLifetimeMs,
  };
  for (const [k, v] of Object.entries(timings)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${k} must be a finite number >= 0`);
  }
  if (timings.sessionSetupMs === 0 || timings.sessionResumeMs === 0)
    throw new RangeError('session setup durations must be > 0');
  const pageSize = opts.pageSize ?? 10;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError('pageSize must be a whole number >= 1');

  const clock = opts.clock ? simClockOf(opts.clock) : createSimClock({ timeScale: opts.timeScale ?? 1 });
  const world = new World(clock, timings);
  world.renewStartedSessions = opts.renewStartedSessions ?? true;
  world.addAccount({ ...TEST_CREDENTIALS, accountId: TEST_ACCOUNT_ID, seed: opts.seed ?? 'demo' });
  const quiet = opts.quiet ?? true;
  const log = quiet
    ? undefined
    : (opts.log ?? ((line: string) => process.stderr.write(`[simulator] ${line}\n`)));
  const server = new SimServer(world, clock, {
    pageSize,
    ...(log ? { log } : {}),
    ...(opts.sso ? { sso: opts.sso } : {}),
  });
  await server.listen(opts.port ?? 0);
  if (opts.dcvTls)
    server.dcv = await startDcvServer({
      tls: true,
      resolve: (t) => server.dcvSession(t),
      ...(log ? { log } : {}),
    });
  const dcv = server.dcv;

  const accountFor = (accessKeyId?: string) => {
    const account = world.accounts.get(accessKeyId ?? TEST_CREDENTIALS.accessKeyId);
    if (!account) throw new Error(`no simulator account for access key ${accessKeyId}`);
    return account;
  };
  const addAccount = (spec: AccountSpec) => void world.addAccount(spec);
  const computer = (region: string, name: string, accessKeyId?: string): ComputerView | undefined => {
    const account = accountFor(accessKeyId);
    const c = world.find(account, region, name);
    return c ? world.view(account, c) : undefined;
  };

  return {
    endpoint: server.endpoint,
    port: server.port,
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms), setScale: (n) => clock.setScale(n) },
    faults: {
      inject: (f) => server.faults.inject(f),
      remove: (id) => server.faults.remove(id),
      clear: () => server.faults.clear(),
      list: () => server.faults.list(),
    },
    accounts: { add: addAccount, list: () => [...world.accounts.keys()] },
    addAccount,
    addAccessKey: (existing, key) => void world.addAccessKey(existing, key),
    addComputer(seed) {
      const account = accountFor(seed.accessKeyId);
      return world.view(account, world.addComputer(account, seed));
    },
    computer,
    setCpu(region, name, percent, accessKeyId) {
      const account = accountFor(accessKeyId);
      const c = world.find(account, region, name);
      if (!c) throw new Error(`no simulator computer ${region}/${name}`);
      world.setCpu(c, percent);
      return world.view(account, c);
    },
    setCpuProfile(region, name, percents, accessKeyId) {
      const account = accountFor(accessKeyId);
      const c = world.find(account, region, name);
      if (!c) throw new Error(`no simulator computer ${region}/${name}`);
      setCpuProfile(account, c, percents);
    },
    setSessionLifetime(ms) {
      if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('sessionLifetimeMs must be a number > 0');
      world.timings.sessionLifetimeMs = ms;
    },
    setRenewStartedSessions: (on) => void (world.renewStartedSessions = on),
    sessionStartedAt: (region, name, accessKeyId) =>
      computer(region, name, accessKeyId)?.session.startedAtWall,
    calls: (filter) => server.calls(filter),
    resetCalls: () => server.resetCalls(),
    ...(dcv
      ? {
          dcv: {
            origin: dcv.origin,
            fingerprint: () => dcv.fingerprint(),
            rotateCertificate: () => dcv.rotateCertificate(),
          },
        }
      : {}),
    sso: {
      approve: (code) => server.sso.decide('approved', code),
      deny: (code) => server.sso.decide('denied', code),
      pending: () => server.sso.pending(),
      endSessions: () => server.sso.endSessions(),
      forgetClients: () => server.sso.forgetClients(),
      calls: (op) => server.sso.calls(op),
      setAccessTokenTtl: (s) => void (server.sso.accessTokenTtlSec = s),
      setAutoApprove: (on) => void (server.sso.autoApprove = on),
    },
    close: async () => {
      await Promise.all([server.close(), dcv?.close()]);
    },
  };
}

export type { Timings };
