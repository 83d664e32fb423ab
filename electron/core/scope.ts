// One environment scope: everything that depends on the AWS environment (its profiles and
// clients, the session engine, the computer list, power and sessions) created together and
// disposed together, so switching to demo is `scope.dispose(); scope = createScope(demo)`.
import type { LightsailClient } from '@aws-sdk/client-lightsail';
import { parseComputerId } from '../shared/computer-id.js';
import type { ComputerId, ComputerList, Result } from '../shared/models.js';
import { createComputerList } from './computer-list.js';
import { launcherErrors, toLauncherError } from './errors.js';
import type { EventBus } from './event-bus.js';
import { GuiSessionEngine } from './gui-session.js';
import type { Environment, LauncherDeps } from './ports.js';
import { createPower } from './power.js';
import { createSessions, type SessionEngine } from './sessions.js';
import { attachSignIn, signInOf } from './sso-sign-in.js';
import { createCostAndLifetime } from './cost-and-lifetime.js';

/** A computer and the client that reaches it. */
export interface Target {
  /** The computer's id in the list (an alias resolves to it). */
  id: ComputerId;
  profile: string;
  region: string;
  name: string;
  client: LightsailClient;
  /** The other profiles that reach the computer, in order. */
  alternates: string[];
}

/** Run a write action with the AccessDenied fallback (scope.ts). */
export type Attempt = <T>(first: Target, run: (t: Target) => Promise<Result<T>>) => Promise<Result<T>>;

/** Tuning knobs, mostly for tests. */
export interface ScopeOptions {
  /** Builds the session engine for an environment (default: GuiSessionEngine). */
  engine?: (env: Environment, deps: LauncherDeps) => SessionEngine;
  /** How long the other kind's URL stays in memory for an instant switch. */
  sessionReuseMs?: number;
  /** Interval and limit of polling a computer's state after start/stop. */
  statePollMs?: number;
  statePollMaxMs?: number;
  /** Concurrency of discovery sweeps. */
  concurrency?: number;
}

/** Create the scope of one environment. */
export function createScope(env: Environment, deps: LauncherDeps, bus: EventBus, opts: ScopeOptions, initial?: ComputerList) {
  const lifetime = new AbortController();
  const signal = lifetime.signal;
  const engine = opts.engine?.(env, deps) ?? new GuiSessionEngine({ clock: deps.clock, allowLoopbackHttp: env.allowLoopbackHttp });

  const list = createComputerList({
    env,
    settings: deps.settings,
    clock: deps.clock,
    bus,
    signal,
    ...(deps.listCache ? { listCache: deps.listCache } : {}),
    ...(deps.log ? { log: deps.log } : {}),
    // Called only once the scope exists (a sweep or a state change), so upkeep is there.
    decorate: (computers) => sessions.decorate(upkeep.decorate(computers)),
    observe: (computers) => upkeep.observe(computers),
    ...(initial ? { initial } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
  });
  /** The client for a computer (through profile, or the one the list uses), or why there is none. */
  function target(id: ComputerId, profile?: string): Result<Target> {
    const listed = list.find(id);
    const ref = listed ? { profile: profile ?? listed.profile, region: listed.region, name: listed.name } : parseComputerId(id);
    if (!ref) return { ok: false, error: launcherErrors.invalidComputerId(id) };
    const alternates = (listed?.reachedThrough ?? []).filter((p) => p !== ref.profile);
    try {
      return { ok: true, value: { ...ref, id: listed?.id ?? id, alternates, client: env.clients.client(ref.profile, ref.region) } };
    } catch (err) {
      return { ok: false, error: toLauncherError(err, { profile: ref.profile, region: ref.region }) };
    }
  }

  /** The target of an action that opens or powers a computer: only one the launcher lists. */
  async function listedTarget(id: ComputerId): Promise<Result<Target>> {
    if (!parseComputerId(id)) return { ok: false, error: launcherErrors.invalidComputerId(id) };
    await list.ready();
    if (!list.find(id)) return { ok: false, error: launcherErrors.notListed(id) };
    return target(id);
  }

  /**
   * Run a write action through the computer's profile; on AccessDenied, once more through the
   * next profile that reaches it, telling the user which profile did the work.
   */
  async function attempt<T>(first: Target, run: (t: Target) => Promise<Result<T>>): Promise<Result<T>> {
    const r = await run(first);
    if (r.ok) list.worked(first.id, first.profile);
    const next = first.alternates[0];
    if (r.ok || r.error.kind !== 'access-denied' || next === undefined) return r;
    const t = target(first.id, next);
    if (!t.ok) return r;
    const again = await run(t.value);
    if (again.ok) {
      list.worked(first.id, next);
      deps.notifier.notify({ title: `${first.name}: done through profile ${next}`, body: `Profile ${first.profile} was denied access, so the launcher used ${next}.`, computerId: first.id });
    }
    return again;
  }

  const sessions = createSessions({
    list,
    engine,
    windows: deps.windows,
    notifier: deps.notifier,
    settings: deps.settings,
    clock: deps.clock,
    target,
    listedTarget,
    attempt,
    signal,
    emit: (p) => bus.emit('session:progress', p),
    reuseMs: opts.sessionReuseMs ?? 2 * 60_000,
    allowLoopbackHttp: env.allowLoopbackHttp,
    onStarted: (id, seen) => upkeep.sessionStarted(id, seen),
    askStart: (computerId, kind) => void (!signal.aborted && bus.emit('session:startQuestion', { computerId, kind })),
    ...(deps.handoff ? { handoff: deps.handoff } : {}),
  });
  const power = createPower({
    list,
    clock: deps.clock,
    listedTarget,
    attempt,
    signal,
    onStop: (id) => {
      sessions.forget(id);
      upkeep.userStopped(id);
    },
    pollMs: opts.statePollMs ?? 2_000,
    pollMaxMs: opts.statePollMaxMs ?? 3 * 60_000,
  });

  const upkeep = createCostAndLifetime({
    clock: deps.clock,
    settings: deps.settings,
    computers: () => list.current().computers,
    failedProfiles: () => new Set(list.current().errors.map((e) => e.profile)),
    reach: (id) => target(id),
    windowsOpen: (id) => deps.windows.list().some((w) => w.computerId === id),
    notify: (n) => deps.notifier.notify(n),
    prepare: (id) => sessions.prepare(id),
    opening: (id) => engine.running(id),
    reopen: async (id) => {
      for (const w of deps.windows.list().filter((x) => x.computerId === id)) await sessions.open(id, w.kind, { reconnect: true });
    },
    changed: () => list.republish(),
    costChanged: (s) => void (!signal.aborted && bus.emit('cost:changed', s)),
  });
  upkeep.start();

  const signIn = signInOf(env);
  const detachSignIn = attachSignIn(signIn, {
    emit: (s) => void (!signal.aborted && bus.emit('signin:changed', s)),
    relist: () => list.resweep(),
    notify: ({ title, body, signIn: ref }) => deps.notifier.notify({ title, body, action: { id: 'sign-in', label: 'Sign in', signIn: ref } }),
  });

  return {
    env,
    list,
    power,
    sessions,
    signIn,
    upkeep,
    /** End everything this environment runs, then release it. */
    async dispose(): Promise<void> {
      if (signal.aborted) return;
      lifetime.abort();
      detachSignIn();
      upkeep.dispose();
      power.dispose();
      await env.dispose().catch(() => undefined);
    },
  };
}

/** One environment scope. */
export type Scope = ReturnType<typeof createScope>;
