// The launcher facade: every IPC channel as a method over the core, plus events. The Electron
// shell, the browser test host and the tests all drive the app through this one object.
import {
  GetInstanceStateCommand,
  StartInstanceCommand,
  StopGUISessionCommand,
  StopInstanceCommand,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import type { EventChannel, EventPayload } from '../shared/ipc-contract.js';
import { RESOURCE_NAME } from '../shared/computer-id.js';
import type {
  AppInfo,
  ComputerId,
  ComputerList,
  GuiSessionStatus,
  InstanceStateName,
  LauncherError,
  OpenWindow,
  ProfileSummary,
  Result,
  SessionKind,
  SessionProgress,
  Settings,
  VirtualComputer,
} from '../shared/models.js';
import { LauncherFailure, toLauncherError } from './errors.js';
import { GuiSessionEngine, type SessionUrls } from './gui-session.js';
import type { Environment, LauncherCore, LauncherDeps } from './ports.js';
import { BlueprintCache, LFR_REGIONS, discoverComputers, toStateName } from './virtual-computers.js';

export type { EngineProgress, SessionUrls } from './gui-session.js';

/** What the launcher needs from the GUI-session engine (GuiSessionEngine, or a fake in tests). */
export type SessionEngine = Pick<GuiSessionEngine, 'open' | 'cancel'>;

/** Tuning knobs, mostly for tests. */
export interface LauncherOptions {
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

const DEFAULT_REUSE_MS = 2 * 60_000;
const STABLE_STATES = new Set<InstanceStateName>(['running', 'stopped', 'terminated']);

type Listener = (payload: never) => void;

interface Run {
  promise: Promise<SessionUrls>;
  controller: AbortController;
}

function kindLabel(kind: SessionKind): string {
  return kind === 'app' ? 'Application' : 'Desktop';
}


function invalidId(id: string): LauncherError {
  return {
    name: 'InvalidComputerId',
    kind: 'invalid-input',
    message: `"${id}" is not a computer id (profile/region/name).`,
    nextStep: 'Refresh the list and choose the computer again.',
    retryable: false,
  };
}

/** Split `profile/region/name`, refusing a name Lightsail would refuse. */
export function parseComputerId(id: ComputerId): { profile: string; region: string; name: string } {
  const parts = id.split('/');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !RESOURCE_NAME.test(parts[2] ?? '')) {
    throw new LauncherFailure(invalidId(id));
  }
  return { profile: parts[0], region: parts[1], name: parts[2]! };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Build the launcher core over its ports. */
export function createLauncher(deps: LauncherDeps, opts: LauncherOptions = {}): LauncherCore {
  const makeEngine =
    opts.engine ??
    ((env: Environment, d: LauncherDeps): SessionEngine => new GuiSessionEngine({ clock: d.clock, allowLoopbackHttp: env.allowLoopbackHttp }));
  const reuseMs = opts.sessionReuseMs ?? DEFAULT_REUSE_MS;
  const pollMs = opts.statePollMs ?? 2_000;
  const pollMaxMs = opts.statePollMaxMs ?? 3 * 60_000;

  let env = deps.env;
  let engine = makeEngine(env, deps);
  let generation = 0;
  let blueprints = new BlueprintCache(undefined, deps.clock.now);
  let disposed = false;
  const lifetime = new AbortController();

  const listeners = new Map<EventChannel, Set<Listener>>();
  const cached = deps.listCache?.load();
  let list: ComputerList = cached
    ? { ...cached, stale: true, refreshing: false }
    : { computers: [], errors: [], refreshedAt: '', stale: true, refreshing: false };
  let swept = false;
  let sweep: Promise<ComputerList> | undefined;
  let sweepAgain = false;
  let lastProfiles: string | undefined;
  const sessionStatus = new Map<ComputerId, GuiSessionStatus>();
  const progress = new Map<ComputerId, SessionProgress>();
  const runs = new Map<ComputerId, Run>();
  const results = new Map<ComputerId, { urls: SessionUrls; at: number }>();
  const polls = new Map<ComputerId, AbortController>();
  let demoSwitch: Promise<AppInfo> | undefined;

  function emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    for (const l of listeners.get(channel) ?? []) {
      try {
        (l as (p: EventPayload<C>) => void)(payload);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  const unsubscribeWindows = deps.windows.onChange((w) => emit('windows:changed', w));

  function info(): AppInfo {
    return { version: deps.version, demo: env.demo, platform: deps.platform };
  }

  function publishList(patch: Partial<ComputerList> = {}): ComputerList {
    list = { ...list, ...patch };
    list = {
      ...list,
      computers: list.computers.map((c) => {
        const s = sessionStatus.get(c.id);
        return s ? { ...c, sessionStatus: s } : c;
      }),
    };
    emit('computers:changed', list);
    return list;
  }

  function updateComputer(id: ComputerId, patch: Partial<VirtualComputer>): void {
    if (!list.computers.some((c) => c.id === id)) return;
    publishList({ computers: list.computers.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
  }

  let rawProfiles: ProfileSummary[] = [];

  /** Profiles with what the last sweep learnt about their credentials (sign-in needed…). */
  function annotated(): ProfileSummary[] {
    return rawProfiles.map((p) => {
      if (p.status && p.status !== 'ok') return p;
      const profileError = list.errors.find((e) => e.profile === p.name && e.region === undefined);
      if (profileError) return { ...p, status: profileError.error.kind === 'sign-in-required' ? 'needs-sign-in' : 'error' };
      return p;
    });
  }

  /** Send profiles:changed when what the UI shows about profiles changed. */
  function publishProfiles(): ProfileSummary[] {
    const profiles = annotated();
    const key = JSON.stringify(profiles);
    if (lastProfiles !== undefined && key !== lastProfiles) emit('profiles:changed', profiles);
    lastProfiles = key;
    return profiles;
  }

  async function readProfiles(): Promise<ProfileSummary[]> {
    rawProfiles = await env.profiles.list();
    publishProfiles();
    return rawProfiles;
  }

  function regionsFor(settings: Settings): readonly string[] {
    return settings.regions.length > 0 ? settings.regions : LFR_REGIONS;
  }

  async function runSweep(): Promise<ComputerList> {
    const gen = generation;
    const sweptEnv = env;
    const settings = deps.settings.get();
    // Profiles that needed sign-in last time are re-read, so a fresh login works without restart.
    for (const e of list.errors) if (e.error.kind === 'sign-in-required') sweptEnv.profiles.invalidate(e.profile);
    const profiles = await readProfiles();
    const hidden = new Set(settings.hiddenProfiles);
    const names = profiles.map((p) => p.name).filter((n) => !hidden.has(n));
    const regions = regionsFor(settings);
    const found = await discoverComputers({
      profiles: names,
      regions: () => regions,
      clients: sweptEnv.clients,
      blueprintCache: blueprints,
      signal: lifetime.signal,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    });
    if (gen !== generation) throw new LauncherFailure({ name: 'Superseded', kind: 'cancelled', message: 'The environment changed during the refresh.', nextStep: 'Refresh again.', retryable: true });
    return { ...found, refreshedAt: new Date(deps.clock.now()).toISOString(), stale: false, refreshing: false };
  }

  /** Start a sweep, or join the running one; `restart` sweeps again after it (settings changed). */
  function startSweep(restart = false): Promise<ComputerList> {
    if (sweep) {
      if (restart) sweepAgain = true;
      return sweep;
    }
    const gen = generation;
    publishList({ refreshing: true });
    const p: Promise<ComputerList> = runSweep().then(
      (fresh) => {
        swept = true;
        if (sweep === p) sweep = undefined;
        const published = publishList(fresh);
        deps.listCache?.save(published);
        publishProfiles();
        if (sweepAgain) {
          sweepAgain = false;
          void startSweep().catch(() => undefined);
        }
        return published;
      },
      (err: unknown) => {
        if (sweep === p) sweep = undefined;
        if (gen !== generation) return sweep ?? startSweep();
        // The sweep itself failed (profiles unreadable): keep the old list, say why.
        const error = toLauncherError(err, { action: 'list computers' });
        const published = publishList({ refreshing: false, errors: [{ profile: '', error }] });
        if (sweepAgain) {
          sweepAgain = false;
          void startSweep().catch(() => undefined);
        }
        return published;
      },
    );
    sweep = p;
    return p;
  }

  function fail(error: LauncherError): Result<null> {
    return { ok: false, error };
  }

  function clientFor(id: ComputerId) {
    const { profile, region, name } = parseComputerId(id);
    return { profile, region, name, client: env.clients.client(profile, region) };
  }

  /** The client for a computer, or why there is none (a malformed id, a broken profile). */
  function targetOf(id: ComputerId): { ok: true; value: ReturnType<typeof clientFor> } | { ok: false; error: LauncherError } {
    try {
      return { ok: true, value: clientFor(id) };
    } catch (err) {
      return { ok: false, error: toLauncherError(err) };
    }
  }

  async function pollState(id: ComputerId, client: LightsailClient, name: string, ctx: { profile: string; region: string }): Promise<void> {
    polls.get(id)?.abort();
    const controller = new AbortController();
    polls.set(id, controller);
    const signal = AbortSignal.any([controller.signal, lifetime.signal]);
    const until = deps.clock.now() + pollMaxMs;
    try {
      while (deps.clock.now() < until) {
        await deps.clock.sleep(pollMs, signal);
        const out = await client.send(new GetInstanceStateCommand({ instanceName: name }), { abortSignal: signal });
        const state = toStateName(out.state?.name);
        const current = list.computers.find((c) => c.id === id)?.state;
        if (state !== current) updateComputer(id, { state });
        if (STABLE_STATES.has(state)) break;
      }
    } catch (err) {
      if (!signal.aborted) {
        const error = toLauncherError(err, { ...ctx, action: 'read the computer state' });
        if (error.kind === 'not-found') startSweep().catch(() => undefined);
      }
    } finally {
      if (polls.get(id) === controller) polls.delete(id);
    }
  }

  async function power(id: ComputerId, action: 'start' | 'stop'): Promise<Result<null>> {
    const target = targetOf(id);
    if (!target.ok) return target;
    const { profile, region, name, client } = target.value;
    try {
      if (action === 'start') await client.send(new StartInstanceCommand({ instanceName: name }));
      else await client.send(new StopInstanceCommand({ instanceName: name }));
    } catch (err) {
      return fail(toLauncherError(err, { profile, region, action: `${action} ${name}` }));
    }
    updateComputer(id, { state: action === 'start' ? 'pending' : 'stopping' });
    if (action === 'stop') {
      // A stopped computer has no GUI session any more: forget its URLs.
      results.delete(id);
    }
    void pollState(id, client, name, { profile, region });
    return { ok: true, value: null };
  }

  function setProgress(p: SessionProgress): void {
    if (p.status) sessionStatus.set(p.computerId, p.status);
    if (p.phase === 'ready' || p.phase === 'failed' || p.phase === 'cancelled') progress.delete(p.computerId);
    else progress.set(p.computerId, p);
    emit('session:progress', p);
  }

  /** The shared run for a computer: one engine run at a time, joined by later callers. */
  function runFor(id: ComputerId, startComputer: boolean): Run {
    const inFlight = runs.get(id);
    if (inFlight) return inFlight;
    const { profile, region, name, client } = clientFor(id);
    const controller = new AbortController();
    const startedAt = deps.clock.now();
    const key = id;
    const runEngine = engine;
    setProgress({ computerId: id, phase: 'starting-session', percentage: 0, startedAt });
    const promise = (async () => {
      try {
        const urls = await runEngine.open(
          key,
          client,
          {
            name,
            startComputer,
            onProgress: (p) => {
              const sp: SessionProgress = { computerId: id, phase: p.phase, percentage: Math.max(0, Math.min(100, p.percentage)), startedAt };
              if (p.status) sp.status = p.status;
              if (sp.phase === 'ready' || sp.phase === 'failed' || sp.phase === 'cancelled') return;
              setProgress(sp);
            },
          },
          AbortSignal.any([controller.signal, lifetime.signal]),
        );
        const entry = { urls, at: deps.clock.now() };
        results.set(id, entry);
        // The URLs carry sign-in tokens: keep them no longer than the instant-switch window.
        deps.clock.sleep(reuseMs, lifetime.signal).then(
          () => {
            if (results.get(id) === entry) results.delete(id);
          },
          () => undefined,
        );
        sessionStatus.set(id, 'started');
        return urls;
      } catch (err) {
        const error = controller.signal.aborted
          ? toLauncherError(Object.assign(new Error('Cancelled'), { name: 'AbortError' }))
          : toLauncherError(err, { profile, region, action: `open a session on ${name}` });
        setProgress({ computerId: id, phase: error.kind === 'cancelled' ? 'cancelled' : 'failed', percentage: 0, startedAt, error });
        throw new LauncherFailure(error);
      } finally {
        runs.delete(id);
      }
    })();
    promise.catch(() => undefined);
    const run = { promise, controller };
    runs.set(id, run);
    return run;
  }

  async function openWindow(id: ComputerId, kind: SessionKind, urls: SessionUrls): Promise<void> {
    const { name } = parseComputerId(id);
    const s = urls[kind];
    await deps.windows.open({
      computerId: id,
      computerName: name,
      kind,
      sessionName: s.name,
      url: s.url,
      title: `${name} — ${s.name} (${kindLabel(kind)})`,
    });
  }

  function stoppedError(c: VirtualComputer): LauncherError {
    return {
      name: 'ComputerStopped',
      kind: 'invalid-input',
      message: `${c.name} is stopped.`,
      nextStep: 'Start it and open the session, or allow starting computers without asking in Settings.',
      retryable: false,
      profile: c.profile,
      region: c.region,
    };
  }

  async function openSession(id: ComputerId, kind: SessionKind, reconnect: boolean, startAllowed: boolean): Promise<Result<null>> {
    if (disposed) return fail(toLauncherError(Object.assign(new Error('Cancelled'), { name: 'AbortError' })));
    try {
      parseComputerId(id);
    } catch (err) {
      return fail(toLauncherError(err));
    }
    if (!reconnect && deps.windows.focus(id, kind)) return { ok: true, value: null };
    const known = list.computers.find((c) => c.id === id);
    const inFlight = runs.get(id);
    if (!reconnect && !inFlight) {
      const recent = results.get(id);
      if (recent && deps.clock.now() - recent.at < reuseMs) {
        try {
          await openWindow(id, kind, recent.urls);
          return { ok: true, value: null };
        } catch (err) {
          return fail(toLauncherError(err));
        }
      }
    }
    const startComputer = startAllowed || deps.settings.get().autoStartComputers;
    if (!inFlight && known?.state === 'stopped' && !startComputer) {
      return fail(stoppedError(known));
    }
    const name = known?.name ?? parseComputerId(id).name;
    let urls: SessionUrls;
    try {
      urls = await runFor(id, startComputer).promise;
    } catch (err) {
      const error = toLauncherError(err);
      if (error.kind !== 'cancelled') deps.notifier.notify({ title: `${name}: session failed`, body: `${error.message} ${error.nextStep}`, computerId: id });
      return fail(error);
    }
    try {
      const startedAt = progress.get(id)?.startedAt ?? deps.clock.now();
      await openWindow(id, kind, urls);
      setProgress({ computerId: id, phase: 'ready', status: 'started', percentage: 100, startedAt });
      if (known && known.state !== 'running') updateComputer(id, { state: 'running' });
      else if (known) updateComputer(id, {});
      deps.notifier.notify({ title: `${name} is ready`, body: `${kindLabel(kind)} session opened.`, computerId: id });
      return { ok: true, value: null };
    } catch (err) {
      return fail(toLauncherError(err, { action: 'open the session window' }));
    }
  }

  async function stopSession(id: ComputerId): Promise<Result<null>> {
    const target = targetOf(id);
    if (!target.ok) return target;
    const { profile, region, name, client } = target.value;
    runs.get(id)?.controller.abort();
    engine.cancel(id);
    results.delete(id);
    try {
      await client.send(new StopGUISessionCommand({ resourceName: name }));
    } catch (err) {
      return fail(toLauncherError(err, { profile, region, action: `stop the session on ${name}` }));
    } finally {
      deps.windows.close(id);
    }
    sessionStatus.set(id, 'stopping');
    updateComputer(id, {});
    return { ok: true, value: null };
  }

  async function startDemo(): Promise<AppInfo> {
    if (env.demo) return info();
    demoSwitch ??= (async () => {
      const demoEnv = await deps.createDemoEnvironment();
      const old = env;
      generation++;
      for (const r of runs.values()) r.controller.abort();
      runs.clear();
      results.clear();
      progress.clear();
      sessionStatus.clear();
      env = demoEnv;
      engine = makeEngine(env, deps);
      blueprints = new BlueprintCache(undefined, deps.clock.now);
      sweep = undefined;
      sweepAgain = false;
      lastProfiles = undefined;
      rawProfiles = [];
      publishList({ computers: [], errors: [], refreshedAt: '', stale: true, refreshing: false });
      await old.dispose().catch(() => undefined);
      rawProfiles = await env.profiles.list();
      const profiles = annotated();
      lastProfiles = JSON.stringify(profiles);
      emit('profiles:changed', profiles);
      void startSweep().catch(() => undefined);
      return info();
    })().finally(() => {
      demoSwitch = undefined;
    });
    return demoSwitch;
  }

  const core: LauncherCore = {
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },

    'app:info': async () => info(),
    'app:startDemo': startDemo,

    'profiles:list': async () => {
      await readProfiles();
      return annotated();
    },

    'computers:list': async ({ refresh }) => {
      if (refresh || !swept) void startSweep().catch(() => undefined);
      return list;
    },
    'computers:refresh': () => startSweep(),
    'computers:start': (id) => power(id, 'start'),
    'computers:stop': (id) => power(id, 'stop'),

    'session:open': (id, kind, opts?: { startComputer?: boolean }) => openSession(id, kind, false, opts?.startComputer === true),
    'session:cancel': async (id) => {
      const run = runs.get(id);
      if (!run) return false;
      run.controller.abort();
      engine.cancel(id);
      return true;
    },
    'session:stop': stopSession,

    'windows:list': async () => deps.windows.list(),
    'windows:focus': async (id, kind) => deps.windows.focus(id, kind),

    'settings:get': async () => deps.settings.get(),
    'settings:update': async (patch) => {
      const before = deps.settings.get();
      const after = deps.settings.update(patch);
      emit('settings:changed', after);
      if (!sameList(before.regions, after.regions) || !sameList(before.hiddenProfiles, after.hiddenProfiles)) {
        void startSweep(true).catch(() => undefined);
      }
      return after;
    },

    reconnect: (id, kind) => openSession(id, kind, true, false),

    snapshot(): { list: ComputerList; windows: OpenWindow[]; progress: SessionProgress[] } {
      return { list, windows: deps.windows.list(), progress: [...progress.values()] };
    },

    environment: () => ({ demo: env.demo, allowLoopbackHttp: env.allowLoopbackHttp }),

    async dispose() {
      if (disposed) return;
      disposed = true;
      lifetime.abort();
      for (const r of runs.values()) r.controller.abort();
      for (const id of runs.keys()) engine.cancel(id);
      for (const p of polls.values()) p.abort();
      unsubscribeWindows();
      listeners.clear();
      results.clear();
      await env.dispose();
    },
  };
  return core;
}
