// The launcher facade: every IPC channel as a method over the feature modules of the current
// environment scope (computer list, power, sessions), plus events. The Electron shell, the
// browser host and the tests all drive the app through this one object.
import type { OpenOptions } from '../shared/ipc-contract.js';
import type { AppInfo, ComputerId, ComputerList, Result, SessionKind } from '../shared/models.js';
import { launcherErrors } from './errors.js';
import { EventBus } from './event-bus.js';
import type { LauncherCore, LauncherDeps } from './ports.js';
import { createScope, type Scope, type ScopeOptions } from './scope.js';
import { outcomeResult, type OpenRequest } from './sessions.js';
import { manageHandlers } from './manage.js';
import { signInHandlers } from './sso-sign-in.js';

export type { EngineProgress, SessionUrls } from './gui-session.js';
export type { SessionEngine } from './sessions.js';

/** Tuning knobs, mostly for tests. */
export type LauncherOptions = ScopeOptions;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameRecord<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** Build the launcher core over its ports. */
export function createLauncher(deps: LauncherDeps, opts: LauncherOptions = {}): LauncherCore {
  const bus = new EventBus();
  let scope: Scope = createScope(deps.env, deps, bus, opts, deps.listCache?.load());
  let disposed = false;
  let demoSwitch: Promise<AppInfo> | undefined;
  const unsubscribeWindows = deps.windows.onChange((w) => bus.emit('windows:changed', w));

  async function info(): Promise<AppInfo> {
    const base: AppInfo = { version: deps.version, demo: scope.env.demo, platform: deps.platform };
    if (!deps.handoff) return base;
    const c = await deps.handoff.dcvClient();
    return { ...base, dcvClient: c.found ? { available: true } : { available: false, reason: c.reason } };
  }

  /** A refresh that outlives its environment answers with the new environment's list. */
  async function refresh(): Promise<ComputerList> {
    const asked = scope;
    try {
      return await asked.list.refresh();
    } catch (err) {
      if (asked === scope || disposed) throw err;
      return scope.list.refresh();
    }
  }

  async function switchToDemo(): Promise<AppInfo> {
    const demoEnv = await deps.createDemoEnvironment();
    const old = scope;
    scope = createScope(demoEnv, deps, bus, opts);
    await old.dispose();
    scope.list.list(true);
    await scope.list.announceProfiles();
    return info();
  }

  async function open(id: ComputerId, kind: SessionKind, req: OpenRequest): Promise<Result<null>> {
    if (disposed) return { ok: false, error: launcherErrors.cancelled() };
    return outcomeResult(await scope.sessions.open(id, kind, req));
  }

  const core: LauncherCore = {
    on: (channel, listener) => bus.on(channel, listener),
    environment: () => ({ demo: scope.env.demo, allowLoopbackHttp: scope.env.allowLoopbackHttp }),

    'app:info': info,
    'app:startDemo': async () => {
      if (scope.env.demo) return info();
      demoSwitch ??= switchToDemo().finally(() => (demoSwitch = undefined));
      return demoSwitch;
    },

    'profiles:list': () => scope.list.profiles(),
    'computers:list': async ({ refresh: again }) => scope.list.list(again === true),
    'computers:refresh': refresh,
    'computers:start': (id) => scope.power.start(id),
    'computers:stop': (id) => scope.power.stop(id),
    'computers:planPrice': (id) => scope.planPrice(id),

    // The contract's options passed through; an open without a source came from a launcher row.
    'session:open': (id, kind, o?: OpenOptions) => open(id, kind, { ...o, source: o?.source ?? 'row' }),
    'session:cancel': async (id) => scope.sessions.cancel(id),
    'session:stop': (id) => scope.sessions.stop(id),
    reconnect: (id, kind) => open(id, kind, { source: 'menu', reconnect: true }),

    'windows:list': async () => deps.windows.list(),
    'windows:focus': async (id, kind) => deps.windows.focus(id, kind),

    'settings:get': async () => deps.settings.get(),
    'settings:update': async (patch) => {
      const before = deps.settings.get();
      const after = deps.settings.update(patch);
      bus.emit('settings:changed', after);
      // A different profile picked for a computer changes which row (and group) it is listed under.
      const swept =
        !sameList(before.regions, after.regions) ||
        !sameList(before.hiddenProfiles, after.hiddenProfiles) ||
        !sameRecord(before.computerProfiles, after.computerProfiles);
      if (swept) scope.list.resweep();
      // A budget edit shows on its group at once, not at the next cost refresh.
      if (!sameRecord(before.budgets, after.budgets))
        bus.emit('cost:changed', await scope.upkeep.handlers['cost:summary']());
      return after;
    },

    ...signInHandlers(() => scope.signIn),
    ...manageHandlers(() => scope.manage),
    'session:keepGoing': (id) => scope.upkeep.handlers['session:keepGoing'](id),
    'computers:setIdleRule': (id, rule) => scope.upkeep.handlers['computers:setIdleRule'](id, rule),
    'cost:summary': () => scope.upkeep.handlers['cost:summary'](),
    'cost:refresh': () => scope.upkeep.handlers['cost:refresh'](),

    snapshot: () => ({
      list: scope.list.current(),
      windows: deps.windows.list(),
      progress: scope.sessions.progress(),
    }),

    async dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribeWindows();
      bus.clear();
      await scope.dispose();
    },
  };
  return core;
}
