// One environment scope: everything that depends on the AWS environment (its profiles and
// clients, the session engine, the computer list, power and sessions) created together and
// disposed together, so switching to demo is `scope.dispose(); scope = createScope(demo)`.
import type { ComputerId, ComputerList, PlanPrice, Result } from '../shared/models.js';
import { createComputerAccess, type Reachable } from './computer-access.js';
import { createComputerList } from './computer-list.js';
import { createCostAndLifetime } from './cost-and-lifetime.js';
import type { EventBus } from './event-bus.js';
import { GuiSessionEngine } from './gui-session.js';
import type { Environment, LauncherDeps } from './ports.js';
import { createPower } from './power.js';
import { createSessions, notifyOpenFailure, type SessionEngine } from './sessions.js';
import { attachSignIn, signInOf } from './sso-sign-in.js';
import { PlanPrices } from './plan-prices.js';
import { createManage } from './manage.js';

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
export function createScope(
  env: Environment,
  deps: LauncherDeps,
  bus: EventBus,
  opts: ScopeOptions,
  initial?: ComputerList,
) {
  const lifetime = new AbortController();
  const signal = lifetime.signal;
  const engine =
    opts.engine?.(env, deps) ??
    new GuiSessionEngine({ clock: deps.clock, allowLoopbackHttp: env.allowLoopbackHttp });

  const list = createComputerList({
    env,
    settings: deps.settings,
    clock: deps.clock,
    bus,
    signal,
    ...(deps.listCache ? { listCache: deps.listCache } : {}),
    ...(deps.log ? { log: deps.log } : {}),
    ...(initial ? { initial } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
  });
  const access = createComputerAccess({ list, clients: env.clients, notifier: deps.notifier });

  const sessions = createSessions({
    list,
    engine,
    windows: deps.windows,
    notifier: deps.notifier,
    settings: deps.settings,
    clock: deps.clock,
    access,
    signal,
    emit: (p) => bus.emit('session:progress', p),
    ask: (computerId, kind) => bus.emit('session:startQuestion', { computerId, kind }),
    reportFailure: deps.reportOpenFailure ?? notifyOpenFailure(deps.notifier),
    reuseMs: opts.sessionReuseMs ?? 2 * 60_000,
    allowLoopbackHttp: env.allowLoopbackHttp,
    ...(deps.handoff ? { handoff: deps.handoff } : {}),
  });
  const power = createPower({
    list,
    clock: deps.clock,
    access,
    signal,
    pollMs: opts.statePollMs ?? 2_000,
    pollMaxMs: opts.statePollMaxMs ?? 3 * 60_000,
  });

  const upkeep = createCostAndLifetime({
    clock: deps.clock,
    settings: deps.settings,
    computers: () => list.current().computers,
    access,
    failedProfiles: () => new Set(list.current().errors.map((e) => e.profile)),
    windowsOpen: (id) => deps.windows.list().some((w) => w.computerId === id),
    notify: (n) => deps.notifier.notify(n),
    prepare: (id) => sessions.prepare(id),
    opening: (id) => engine.running(id),
    reopen: async (id) => {
      for (const w of deps.windows.list().filter((x) => x.computerId === id))
        await sessions.open(id, w.kind, { source: 'menu', reconnect: true });
    },
    changed: () => list.republish(),
    costChanged: (s) => void (!signal.aborted && bus.emit('cost:changed', s)),
  });
  // Built in order, then joined: what each follows in the others is added once both exist.
  list.use(upkeep);
  // A started session without a desktop: its row disables Open desktop with the reason.
  list.use({ decorate: (computers) => sessions.decorate(computers), observe: () => undefined });
  sessions.onStarted((id, seen) => upkeep.sessionStarted(id, seen));
  power.onStop((id) => {
    sessions.forget(id);
    upkeep.userStopped(id);
  });
  upkeep.start();

  const manage = createManage({
    env,
    list,
    clock: deps.clock,
    listedTarget: (id) => access.resolveListed(id),
    attempt: access.write,
    attemptIn: access.writeIn,
    progress: (computerId, step) =>
      void (!signal.aborted && bus.emit('manage:progress', { computerId, step })),
    stop: (id) => power.stop(id),
    signal,
    pollMs: opts.statePollMs ?? 2_000,
  });

  const signIn = signInOf(env);
  const detachSignIn = attachSignIn(signIn, {
    emit: (s) => void (!signal.aborted && bus.emit('signin:changed', s)),
    relist: () => list.resweep(),
    notify: ({ title, body, signIn: ref }) =>
      deps.notifier.notify({ title, body, action: { id: 'sign-in', label: 'Sign in', signIn: ref } }),
  });

  const plans = new PlanPrices(() => deps.clock.now());
  return {
    env,
    list,
    power,
    sessions,
    signIn,
    upkeep,
    /** What the computer's plan costs per hour (for the start question); null when unknown. */
    planPrice: (id: ComputerId) => planPriceOf(plans, access.resolve(id), list.find(id)?.plan.id, signal),
    manage,
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

/** The price of a target's plan, or why there is none. */
async function planPriceOf(
  plans: PlanPrices,
  t: Result<Reachable>,
  bundleId: string | undefined,
  signal: AbortSignal,
): Promise<Result<PlanPrice | null>> {
  if (!t.ok) return t;
  return bundleId ? plans.priceOf({ ...t.value, bundleId }, signal) : { ok: true, value: null };
}

/** One environment scope. */
export type Scope = ReturnType<typeof createScope>;
