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

/** A computer and the client that reaches it. */
export interface Target {
  profile: string;
  region: string;
  name: string;
  client: LightsailClient;
}

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

  /** The client for a computer, or why there is none (a malformed id, a broken profile). */
  function target(id: ComputerId): Result<Target> {
    const ref = parseComputerId(id);
    if (!ref) return { ok: false, error: launcherErrors.invalidComputerId(id) };
    try {
      return { ok: true, value: { ...ref, client: env.clients.client(ref.profile, ref.region) } };
    } catch (err) {
      return { ok: false, error: toLauncherError(err, { profile: ref.profile, region: ref.region }) };
    }
  }

  const list = createComputerList({
    env,
    settings: deps.settings,
    clock: deps.clock,
    bus,
    signal,
    ...(deps.listCache ? { listCache: deps.listCache } : {}),
    ...(initial ? { initial } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
  });
  const sessions = createSessions({
    list,
    engine,
    windows: deps.windows,
    notifier: deps.notifier,
    settings: deps.settings,
    clock: deps.clock,
    target,
    signal,
    emit: (p) => bus.emit('session:progress', p),
    reuseMs: opts.sessionReuseMs ?? 2 * 60_000,
    ...(deps.handoff ? { handoff: deps.handoff } : {}),
  });
  const power = createPower({
    list,
    clock: deps.clock,
    target,
    signal,
    onStop: (id) => sessions.forget(id),
    pollMs: opts.statePollMs ?? 2_000,
    pollMaxMs: opts.statePollMaxMs ?? 3 * 60_000,
  });

  return {
    env,
    list,
    power,
    sessions,
    /** End everything this environment runs, then release it. */
    async dispose(): Promise<void> {
      if (signal.aborted) return;
      lifetime.abort();
      power.dispose();
      await env.dispose().catch(() => undefined);
    },
  };
}

/** One environment scope. */
export type Scope = ReturnType<typeof createScope>;
