import {
  GetBlueprintsCommand,
  GetInstanceStateCommand,
  GetInstancesCommand,
  StartInstanceCommand,
  StopGUISessionCommand,
  StopInstanceCommand,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLauncher,
  type EngineProgress,
  type SessionEngine,
  type SessionUrls,
} from '../../electron/core/launcher.js';
import { createMemorySettings } from '../../electron/core/memory-settings.js';
import {
  systemClock,
  type Clock,
  type Environment,
  type LauncherDeps,
  type ListCache,
  type SessionHandoff,
  type SessionWindowRequest,
  type WindowHost,
} from '../../electron/core/ports.js';
import type { LauncherCore } from '../../electron/core/ports.js';
import { manualClock } from '../fixtures/manual-clock.js';
import type {
  ComputerList,
  OpenWindow,
  ProfileSummary,
  SessionKind,
  Settings,
} from '../../electron/shared/models.js';

interface FakeInstance {
  name: string;
  blueprintId: string;
  state: string;
  arn?: string;
}

function profile(name: string): ProfileSummary {
  return {
    name,
    kind: 'static',
    sources: ['/tmp/credentials'],
    diagnostics: [],
    isDefault: name === 'default',
  };
}

/** A fake Lightsail: instances per profile/region, every call recorded. */
function fakeLightsail(
  world: Record<string, FakeInstance[]>,
  opts: {
    failScope?: Record<string, Error>;
    failOp?: Record<string, Error>;
    hold?: Record<string, Promise<void>>;
  } = {},
) {
  const calls: { op: string; scope: string; input: Record<string, unknown> }[] = [];
  const factory = {
    client(p: string, region: string): LightsailClient {
      const scope = `${p}/${region}`;
      return {
        async send(cmd: { input: Record<string, unknown> }, o?: { abortSignal?: AbortSignal }) {
          const op =
            cmd instanceof GetBlueprintsCommand
              ? 'GetBlueprints'
              : cmd instanceof GetInstancesCommand
                ? 'GetInstances'
                : cmd instanceof StartInstanceCommand
                  ? 'StartInstance'
                  : cmd instanceof StopInstanceCommand
                    ? 'StopInstance'
                    : cmd instanceof GetInstanceStateCommand
                      ? 'GetInstanceState'
                      : cmd instanceof StopGUISessionCommand
                        ? 'StopGUISession'
                        : 'other';
          calls.push({ op, scope, input: cmd.input });
          await new Promise((r) => setTimeout(r, 2));
          // A held scope answers when released, or fails when the sweep gives up on it (as the SDK does).
          if (op === 'GetInstances' && opts.hold?.[scope])
            await Promise.race([
              opts.hold[scope],
              new Promise((_, reject) => {
                if (o?.abortSignal?.aborted) reject(o.abortSignal.reason);
                o?.abortSignal?.addEventListener('abort', () => reject(o.abortSignal!.reason), {
                  once: true,
                });
              }),
            ]);
          const fail = opts.failScope?.[scope] ?? opts.failOp?.[op];
          if (fail) throw fail;
          const list = world[scope] ?? [];
          const find = () => list.find((i) => i.name === cmd.input.instanceName);
          switch (op) {
            case 'GetBlueprints':
              return { blueprints: [{ blueprintId: 'jupyterlab_4' }, { blueprintId: 'rstudio_4' }] };
            case 'GetInstances':
              return {
                instances: list.map((i) => ({
                  name: i.name,
                  ...(i.arn ? { arn: i.arn } : {}),
                  blueprintId: i.blueprintId,
                  blueprintName: i.blueprintId,
                  bundleId: 'app_standard_1_0',
                  state: { name: i.state },
                })),
              };
            case 'StartInstance':
              find()!.state = 'pending';
              setTimeout(() => (find()!.state = 'running'), 30);
              return { operations: [] };
            case 'StopInstance':
              find()!.state = 'stopping';
              setTimeout(() => (find()!.state = 'stopped'), 30);
              return { operations: [] };
            case 'GetInstanceState':
              return { state: { name: find()!.state } };
            default:
              return {};
          }
        },
      } as unknown as LightsailClient;
    },
  };
  return { factory, calls, count: (op: string) => calls.filter((c) => c.op === op).length };
}

function fakeEnv(profiles: string[], clients: ReturnType<typeof fakeLightsail>['factory'], demo = false) {
  const state = { disposed: false, invalidated: [] as (string | undefined)[] };
  const env: Environment = {
    profiles: { list: async () => profiles.map(profile), invalidate: (p) => void state.invalidated.push(p) },
    clients,
    allowLoopbackHttp: demo,
    demo,
    dispose: async () => {
      state.disposed = true;
    },
  };
  return { env, state };
}

function fakeWindows() {
  const open = new Map<string, SessionWindowRequest>();
  const listeners = new Set<(w: OpenWindow[]) => void>();
  const opened: SessionWindowRequest[] = [];
  const focused: string[] = [];
  const list = (): OpenWindow[] =>
    [...open.values()].map((r) => ({
      computerId: r.computerId,
      kind: r.kind,
      title: r.title,
      focused: false,
    }));
  const changed = () => listeners.forEach((l) => l(list()));
  const host: WindowHost = {
    async open(req) {
      opened.push(req);
      open.set(`${req.computerId}#${req.kind}`, req);
      changed();
    },
    focus(id, kind) {
      const ok = open.has(`${id}#${kind}`);
      if (ok) focused.push(`${id}#${kind}`);
      return ok;
    },
    close(id, kind) {
      for (const k of [...open.keys()])
        if (k.startsWith(`${id}#`) && (!kind || k.endsWith(`#${kind}`))) open.delete(k);
      changed();
    },
    list,
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { host, opened, focused, changed };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let runNo = 0;
function urlsFor(name: string): SessionUrls {
  runNo++;
  return {
    app: { name: 'JupyterLab', url: `https://dcv.example.test/app?token=secret-${name}-${runNo}` },
    desktop: { name: 'Desktop', url: `https://dcv.example.test/desktop?token=secret-${name}-${runNo}` },
    startSeen: true,
  };
}

/**
 * A fake engine: each run waits until the test releases it (or finishes at once). Like the real
 * GuiSessionEngine it joins a second open of the same key and rejects a cancelled run.
 */
function fakeEngine(mode: 'instant' | 'manual' = 'instant') {
  const runs: { key: string; name: string; startComputer: boolean; release: (e?: Error) => void }[] = [];
  const cancelled: string[] = [];
  const live = new Map<string, { promise: Promise<SessionUrls>; release: (e?: Error) => void }>();
  const engine: SessionEngine = {
    open(key, _client, req, signal) {
      const joined = live.get(key);
      if (joined) return joined.promise;
      const d = deferred<SessionUrls>();
      const release = (e?: Error) => (e ? d.reject(e) : d.resolve(urlsFor(req.name)));
      const promise = d.promise.finally(() => live.delete(key));
      promise.catch(() => undefined);
      live.set(key, { promise, release });
      runs.push({ key, name: req.name, startComputer: req.startComputer, release });
      signal?.addEventListener('abort', () =>
        d.reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
      );
      const progress = (p: Omit<EngineProgress, 'startedAt'>) => req.onProgress?.({ ...p, startedAt: 1 });
      progress({ phase: 'setting-up', status: 'settingUpInstance', percentage: 40 });
      if (mode === 'instant') {
        progress({ phase: 'setting-up', status: 'starting', percentage: 90 });
        release();
      }
      return promise;
    },
    cancel(key) {
      const run = live.get(key);
      if (!run) return false;
      cancelled.push(key);
      run.release(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
      return true;
    },
    running: (key) => live.has(key),
  };
  return { engine, runs, cancelled };
}

interface Harness {
  launcher: LauncherCore;
  events: { channel: string; payload: unknown }[];
  windows: ReturnType<typeof fakeWindows>;
  notes: { title: string; body: string }[];
  saved: ComputerList[];
  lightsail: ReturnType<typeof fakeLightsail>;
  env: ReturnType<typeof fakeEnv>;
  engine: ReturnType<typeof fakeEngine>;
  settings: ReturnType<typeof createMemorySettings>;
}

const open: LauncherCore[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.dispose();
});

function harness(o: {
  world?: Record<string, FakeInstance[]>;
  profiles?: string[];
  settings?: Partial<Settings>;
  cache?: ComputerList;
  engine?: ReturnType<typeof fakeEngine>;
  failScope?: Record<string, Error>;
  failOp?: Record<string, Error>;
  hold?: Record<string, Promise<void>>;
  demo?: () => Promise<Environment>;
  reuseMs?: number;
  handoff?: SessionHandoff;
  clock?: Clock;
}): Harness {
  const world = o.world ?? {
    'research/us-east-1': [
      { name: 'notebook', blueprintId: 'jupyterlab_4', state: 'running' },
      { name: 'web', blueprintId: 'wordpress', state: 'running' },
    ],
    'research/eu-west-2': [{ name: 'analysis', blueprintId: 'rstudio_4', state: 'stopped' }],
  };
  const lightsail = fakeLightsail(world, {
    ...(o.failScope ? { failScope: o.failScope } : {}),
    ...(o.failOp ? { failOp: o.failOp } : {}),
    ...(o.hold ? { hold: o.hold } : {}),
  });
  const env = fakeEnv(o.profiles ?? ['research'], lightsail.factory);
  const windows = fakeWindows();
  const notes: { title: string; body: string }[] = [];
  const saved: ComputerList[] = [];
  const cache: ListCache = { load: () => o.cache, save: (l) => void saved.push(l) };
  const engine = o.engine ?? fakeEngine();
  const settings = createMemorySettings({ regions: ['us-east-1', 'eu-west-2'], ...o.settings });
  const deps: LauncherDeps = {
    env: env.env,
    windows: windows.host,
    notifier: { notify: (n) => void notes.push(n) },
    settings,
    clock: o.clock ?? systemClock,
    listCache: cache,
    version: '1.2.3',
    platform: 'linux',
    createDemoEnvironment: o.demo ?? (() => Promise.reject(new Error('no demo'))),
    ...(o.handoff ? { handoff: o.handoff } : {}),
  };
  const launcher = createLauncher(deps, {
    engine: () => engine.engine,
    statePollMs: 5,
    statePollMaxMs: 2_000,
    ...(o.reuseMs ? { sessionReuseMs: o.reuseMs } : {}),
  });
  open.push(launcher);
  const events: { channel: string; payload: unknown }[] = [];
  for (const ch of [
    'computers:changed',
    'profiles:changed',
    'session:progress',
    'windows:changed',
    'settings:changed',
  ] as const) {
    launcher.on(ch, (payload) => events.push({ channel: ch, payload: structuredClone(payload) }));
  }
  return { launcher, events, windows, notes, saved, lightsail, env, engine, settings };
}

function nextEvent(h: Harness, channel: string, pred: (p: never) => boolean = () => true): Promise<unknown> {
  return new Promise((resolve) => {
    const off = h.launcher.on(channel as 'computers:changed', (p) => {
      if (pred(p as never)) {
        off();
        resolve(p);
      }
    });
  });
}

const cachedList: ComputerList = {
  computers: [
    {
      id: 'research/us-east-1/old-one',
      name: 'old-one',
      profile: 'research',
      region: 'us-east-1',
      state: 'running',
      app: { id: 'jupyterlab_4', name: 'JupyterLab' },
      plan: { id: 'app_standard_1_0' },
    },
  ],
  errors: [],
  refreshedAt: '2026-01-01T00:00:00.000Z',
  stale: false,
  refreshing: false,
};

describe('computers', () => {
  it('answers at once from the saved list, then sends the fresh one and saves it', async () => {
    const h = harness({ cache: cachedList });
    const fresh = nextEvent(h, 'computers:changed', (l: ComputerList) => !l.refreshing);
    const first = await h.launcher['computers:list']({});
    expect(first.stale).toBe(true);
    expect(first.computers.map((c) => c.name)).toEqual(['old-one']);
    const list = (await fresh) as ComputerList;
    expect(list.stale).toBe(false);
    expect(list.computers.map((c) => c.id)).toEqual([
      'research/eu-west-2/analysis',
      'research/us-east-1/notebook',
    ]);
    expect(h.saved.at(-1)?.computers.map((c) => c.name)).toEqual(['analysis', 'notebook']);
  });

  it('shows each profile and region as soon as it is done, while a slow one is still sweeping', async () => {
    const slow = deferred<void>();
    const h = harness({ hold: { 'research/eu-west-2': slow.promise } });
    const sweep = h.launcher['computers:refresh']();
    const partial = (await nextEvent(h, 'computers:changed', (l: ComputerList) =>
      l.computers.some((c) => c.name === 'notebook'),
    )) as ComputerList;
    expect(partial.refreshing).toBe(true);
    expect(partial.computers.map((c) => c.name)).toEqual(['notebook']);
    slow.resolve();
    const full = await sweep;
    expect(full.computers.map((c) => c.name).sort()).toEqual(['analysis', 'notebook']);
    expect(full.refreshing).toBe(false);
  });

  it('gives up on a region that never answers when the launcher’s clock passes the deadline, and lists the rest', async () => {
    const clock = manualClock();
    const h = harness({ hold: { 'research/eu-west-2': new Promise<void>(() => undefined) }, clock });
    const sweep = h.launcher['computers:refresh']();
    await nextEvent(h, 'computers:changed', (l: ComputerList) =>
      l.computers.some((c) => c.name === 'notebook'),
    );
    // No real time passes: only the launcher's clock reaches the 30 s deadline of a region.
    clock.advance(30_000);
    const list = await sweep;
    expect(list.computers.map((c) => c.name)).toEqual(['notebook']);
    expect(list.errors).toEqual([
      expect.objectContaining({
        profile: 'research',
        region: 'eu-west-2',
        error: expect.objectContaining({ kind: 'timeout' }),
      }),
    ]);
  });

  it('shares one sweep between callers asking at the same time', async () => {
    const h = harness({});
    const [a, b, c] = await Promise.all([
      h.launcher['computers:refresh'](),
      h.launcher['computers:refresh'](),
      h.launcher['computers:list']({ refresh: true }),
    ]);
    expect(a).toBe(b);
    expect(c.refreshing).toBe(true);
    expect(h.lightsail.count('GetInstances')).toBe(2);
  });

  it('sweeps only the chosen regions and leaves hidden profiles out', async () => {
    const h = harness({
      profiles: ['research', 'private'],
      settings: { regions: ['us-east-1'], hiddenProfiles: ['private'] },
    });
    const list = await h.launcher['computers:refresh']();
    expect(list.computers.map((c) => c.name)).toEqual(['notebook']);
    expect(new Set(h.lightsail.calls.map((c) => c.scope))).toEqual(new Set(['research/us-east-1']));
  });

  it('re-sweeps when the regions setting changes', async () => {
    const h = harness({ settings: { regions: ['us-east-1'] } });
    await h.launcher['computers:refresh']();
    const fresh = nextEvent(h, 'computers:changed', (l: ComputerList) => !l.refreshing);
    const s = await h.launcher['settings:update']({ regions: ['eu-west-2'] });
    expect(s.regions).toEqual(['eu-west-2']);
    expect(h.events.some((e) => e.channel === 'settings:changed')).toBe(true);
    expect(((await fresh) as ComputerList).computers.map((c) => c.name)).toEqual(['analysis']);
  });

  it('lists a computer under the profile the user picks for it, without a manual refresh', async () => {
    const arn = 'arn:aws:lightsail:us-east-1:123456789012:Instance/1111';
    const shared = { name: 'notebook', blueprintId: 'jupyterlab_4', state: 'running', arn };
    const h = harness({
      profiles: ['research', 'course'],
      world: { 'research/us-east-1': [shared], 'course/us-east-1': [{ ...shared }] },
    });
    const first = await h.launcher['computers:refresh']();
    expect(first.computers).toHaveLength(1);
    expect(first.computers[0]).toMatchObject({ profile: 'research', reachedThrough: ['research', 'course'] });

    const moved = nextEvent(
      h,
      'computers:changed',
      (l: ComputerList) => !l.refreshing && l.computers[0]?.profile === 'course',
    );
    await h.launcher['settings:update']({ computerProfiles: { [arn]: 'course' } });
    const after = (await moved) as ComputerList;
    expect(after.computers).toHaveLength(1);
    expect(after.computers[0]).toMatchObject({ profile: 'course', name: 'notebook' });
  });

  it('sweeps again when the regions change while a sweep is running', async () => {
    const h = harness({ settings: { regions: ['us-east-1'] } });
    const settled = nextEvent(
      h,
      'computers:changed',
      (l: ComputerList) => !l.refreshing && l.computers.some((c) => c.name === 'analysis'),
    );
    const first = h.launcher['computers:refresh']();
    await h.launcher['settings:update']({ regions: ['eu-west-2'] });
    expect((await first).computers.map((c) => c.name)).toEqual(['notebook']);
    expect(((await settled) as ComputerList).computers.map((c) => c.name)).toEqual(['analysis']);
  });

  it('shows an expired sign-in once on its profile while other profiles list', async () => {
    const signIn = Object.assign(new Error('SSO token expired; run aws sso login'), {
      name: 'CredentialsProviderError',
    });
    const h = harness({
      profiles: ['research', 'sso'],
      failScope: { 'sso/us-east-1': signIn, 'sso/eu-west-2': signIn },
    });
    const list = await h.launcher['computers:refresh']();
    expect(list.computers).toHaveLength(2);
    expect(list.errors).toEqual([
      {
        profile: 'sso',
        error: expect.objectContaining({ kind: 'sign-in-required', command: 'aws sso login --profile sso' }),
      },
    ]);
    const changed = h.events.filter((e) => e.channel === 'profiles:changed').at(-1)
      ?.payload as ProfileSummary[];
    expect(changed.find((p) => p.name === 'sso')?.status).toBe('needs-sign-in');
    expect((await h.launcher['profiles:list']()).find((p) => p.name === 'sso')?.status).toBe('needs-sign-in');
    await h.launcher['computers:refresh']();
    expect(h.env.state.invalidated).toContain('sso');
  });

  it('starts a computer, shows it pending, then running once Lightsail says so', async () => {
    const h = harness({});
    await h.launcher['computers:refresh']();
    const running = nextEvent(
      h,
      'computers:changed',
      (l: ComputerList) => l.computers.find((c) => c.name === 'analysis')?.state === 'running',
    );
    const r = await h.launcher['computers:start']('research/eu-west-2/analysis');
    expect(r).toEqual({ ok: true, value: null });
    expect(h.launcher.snapshot().list.computers.find((c) => c.name === 'analysis')?.state).toBe('pending');
    await running;
    expect(h.lightsail.calls.find((c) => c.op === 'StartInstance')?.input).toEqual({
      instanceName: 'analysis',
    });
  });

  it('returns a stop refused by Lightsail as a failure with a next step', async () => {
    const denied = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
    const h = harness({ failOp: { StopInstance: denied } });
    const r = await h.launcher['computers:stop']('research/us-east-1/notebook');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('access-denied');
      expect(r.error.region).toBe('us-east-1');
      expect(r.error.nextStep.length).toBeGreaterThan(0);
    }
  });
});

describe('sessions', () => {
  const id = 'research/us-east-1/notebook';

  it('opens the asked window with its title, reports progress without the URL, and switches instantly', async () => {
    const h = harness({});
    await h.launcher['computers:refresh']();
    const r = await h.launcher['session:open'](id, 'app');
    expect(r).toEqual({ ok: true, value: null });
    expect(h.windows.opened).toHaveLength(1);
    const w = h.windows.opened[0]!;
    expect(w).toMatchObject({
      computerId: id,
      kind: 'app',
      computerName: 'notebook',
      sessionName: 'JupyterLab',
      title: 'notebook — JupyterLab (Application)',
    });
    expect(w.url).toMatch(/\/app\?token=/);
    const progress = h.events
      .filter((e) => e.channel === 'session:progress')
      .map((e) => e.payload as { phase: string; percentage: number });
    expect(progress.map((p) => p.phase)).toContain('setting-up');
    expect(progress.at(-1)).toMatchObject({ phase: 'ready', percentage: 100 });
    expect(h.notes.at(-1)?.title).toMatch(/notebook is ready/);

    const d = await h.launcher['session:open'](id, 'desktop');
    expect(d.ok).toBe(true);
    expect(h.engine.runs).toHaveLength(1);
    expect(h.windows.opened[1]).toMatchObject({ kind: 'desktop', title: 'notebook — Desktop (Desktop)' });
    expect(h.windows.opened[1]!.url).toMatch(/\/desktop\?token=/);

    const again = await h.launcher['session:open'](id, 'app');
    expect(again.ok).toBe(true);
    expect(h.windows.focused).toEqual([`${id}#app`]);
    expect(h.windows.opened).toHaveLength(2);

    const everything = JSON.stringify([h.events, h.notes, h.launcher.snapshot()]);
    expect(everything).not.toContain('token=');
  });

  it('forgets the other session address after a short while and asks Lightsail again', async () => {
    const h = harness({ reuseMs: 30 });
    await h.launcher['computers:refresh']();
    await h.launcher['session:open'](id, 'app');
    await new Promise((r) => setTimeout(r, 60));
    await h.launcher['session:open'](id, 'desktop');
    expect(h.engine.runs).toHaveLength(2);
    expect(h.windows.opened.map((w) => w.kind)).toEqual(['app', 'desktop']);
  });

  it('runs the engine once when app and desktop are asked while a setup is in flight', async () => {
    const engine = fakeEngine('manual');
    const h = harness({ engine });
    await h.launcher['computers:refresh']();
    const app = h.launcher['session:open'](id, 'app');
    const desktop = h.launcher['session:open'](id, 'desktop');
    await new Promise((r) => setTimeout(r, 10));
    expect(engine.runs).toHaveLength(1);
    expect(h.launcher.snapshot().progress).toEqual([
      expect.objectContaining({ computerId: id, phase: 'setting-up', percentage: 40 }),
    ]);
    engine.runs[0]!.release();
    expect((await app).ok).toBe(true);
    expect((await desktop).ok).toBe(true);
    expect(h.windows.opened.map((w) => w.kind).sort()).toEqual(['app', 'desktop']);
    expect(h.launcher.snapshot().progress).toEqual([]);
  });

  it('refuses to open a stopped computer unless starting computers automatically is allowed', async () => {
    const h = harness({});
    await h.launcher['computers:refresh']();
    const r = await h.launcher['session:open']('research/eu-west-2/analysis', 'app');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe('analysis is stopped.');
      expect(r.error.nextStep).toMatch(
        /Start it and open the session, or allow starting computers without asking in Settings/,
      );
    }
    expect(h.engine.runs).toHaveLength(0);

    await h.launcher['settings:update']({ autoStartComputers: true });
    const ok = await h.launcher['session:open']('research/eu-west-2/analysis', 'app');
    expect(ok.ok).toBe(true);
    expect(h.engine.runs[0]).toMatchObject({ name: 'analysis', startComputer: true });
  });

  it('never starts a computer for a link, whatever the setting says: it asks on the row instead', async () => {
    const h = harness({ settings: { autoStartComputers: true } });
    await h.launcher['computers:refresh']();
    const asked = nextEvent(h, 'session:startQuestion');
    const r = await h.launcher['session:open']('research/eu-west-2/analysis', 'app', { source: 'link' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'computer-stopped' } });
    expect(await asked).toEqual({ computerId: 'research/eu-west-2/analysis', kind: 'app' });
    expect(h.engine.runs).toHaveLength(0);
    expect(h.lightsail.count('StartInstance')).toBe(0);
  });

  it('starts a stopped computer when the user agreed to it for this open', async () => {
    const h = harness({});
    await h.launcher['computers:refresh']();
    const ok = await h.launcher['session:open']('research/eu-west-2/analysis', 'desktop', {
      startComputer: true,
    });
    expect(ok.ok).toBe(true);
    expect(h.engine.runs[0]).toMatchObject({ name: 'analysis', startComputer: true });
    await expect(h.launcher['settings:get']()).resolves.toMatchObject({ autoStartComputers: false });
  });

  it('reports a failed setup with Lightsail’s reason, as progress and as a notification', async () => {
    const engine = fakeEngine('manual');
    const h = harness({ engine });
    await h.launcher['computers:refresh']();
    const pending = h.launcher['session:open'](id, 'desktop');
    await new Promise((r) => setTimeout(r, 5));
    engine.runs[0]!.release(Object.assign(new Error('boom'), { name: 'ServiceException' }));
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('service');
    expect(h.events.filter((e) => e.channel === 'session:progress').at(-1)?.payload).toMatchObject({
      phase: 'failed',
      error: { kind: 'service' },
    });
    expect(h.notes.at(-1)?.title).toMatch(/session failed/);
    expect(h.windows.opened).toHaveLength(0);
  });

  it('cancels a setup in progress', async () => {
    const engine = fakeEngine('manual');
    const h = harness({ engine });
    await h.launcher['computers:refresh']();
    const pending = h.launcher['session:open'](id, 'app');
    await new Promise((r) => setTimeout(r, 5));
    expect(await h.launcher['session:cancel'](id)).toBe(true);
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('cancelled');
    expect(h.events.filter((e) => e.channel === 'session:progress').at(-1)?.payload).toMatchObject({
      phase: 'cancelled',
    });
    expect(await h.launcher['session:cancel'](id)).toBe(false);
    expect(h.windows.opened).toHaveLength(0);
  });

  it('stops the session: StopGUISession, both windows closed, next open sets up again', async () => {
    const h = harness({});
    await h.launcher['computers:refresh']();
    await h.launcher['session:open'](id, 'app');
    await h.launcher['session:open'](id, 'desktop');
    expect(h.windows.host.list()).toHaveLength(2);
    const r = await h.launcher['session:stop'](id);
    expect(r.ok).toBe(true);
    expect(h.lightsail.calls.find((c) => c.op === 'StopGUISession')?.input).toEqual({
      resourceName: 'notebook',
    });
    expect(h.windows.host.list()).toHaveLength(0);
    expect(h.events.filter((e) => e.channel === 'windows:changed').at(-1)?.payload).toEqual([]);
    await h.launcher['session:open'](id, 'app');
    expect(h.engine.runs).toHaveLength(2);
  });

  it('reconnects with fresh access details', async () => {
    const h = harness({});
    await h.launcher['computers:refresh']();
    await h.launcher['session:open'](id, 'app');
    const r = await h.launcher.reconnect(id, 'app');
    expect(r.ok).toBe(true);
    expect(h.engine.runs).toHaveLength(2);
    expect(h.windows.opened).toHaveLength(2);
    expect(h.windows.opened[1]!.url).not.toBe(h.windows.opened[0]!.url);
  });

  it('refuses a malformed computer id before any request', async () => {
    const h = harness({});
    const r = await h.launcher['session:open']('research/us-east-1/bad name!', 'app');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('invalid-input');
    expect(h.lightsail.calls).toHaveLength(0);
    expect(h.engine.runs).toHaveLength(0);
  });
});

describe('app', () => {
  it('switches to the demo environment and lists its computers', async () => {
    const demoLightsail = fakeLightsail({
      'demo/us-east-1': [{ name: 'demo-notebook', blueprintId: 'jupyterlab_4', state: 'running' }],
    });
    const demo = fakeEnv(['demo'], demoLightsail.factory, true);
    const h = harness({ demo: async () => demo.env, settings: { regions: ['us-east-1'] } });
    expect((await h.launcher['app:info']()).demo).toBe(false);
    const fresh = nextEvent(
      h,
      'computers:changed',
      (l: ComputerList) => !l.refreshing && l.computers.length > 0,
    );
    const info = await h.launcher['app:startDemo']();
    expect(info).toEqual({ version: '1.2.3', demo: true, platform: 'linux' });
    expect(h.env.state.disposed).toBe(true);
    expect(h.events.find((e) => e.channel === 'profiles:changed')?.payload).toEqual([profile('demo')]);
    expect(((await fresh) as ComputerList).computers.map((c) => c.id)).toEqual([
      'demo/us-east-1/demo-notebook',
    ]);
    expect(await h.launcher['profiles:list']()).toEqual([profile('demo')]);
  });

  it('on dispose releases the environment, cancels a setup and stops following the windows', async () => {
    const engine = fakeEngine('manual');
    const h = harness({ engine });
    await h.launcher['computers:refresh']();
    const pending = h.launcher['session:open']('research/us-east-1/notebook', 'app');
    await new Promise((r) => setTimeout(r, 5));
    await h.launcher.dispose();
    expect(h.env.state.disposed).toBe(true);
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('cancelled');
    const before = h.events.length;
    h.windows.changed();
    expect(h.events.length).toBe(before);
  });

  it('forwards window changes and answers window questions from the host', async () => {
    const h = harness({});
    await h.windows.host.open({
      computerId: 'research/us-east-1/notebook',
      computerName: 'notebook',
      kind: 'app',
      sessionName: 'S',
      url: 'https://x.test/',
      title: 't',
    });
    expect(h.events.filter((e) => e.channel === 'windows:changed')).toHaveLength(1);
    expect(await h.launcher['windows:list']()).toHaveLength(1);
    expect(await h.launcher['windows:focus']('research/us-east-1/notebook', 'app' as SessionKind)).toBe(true);
    expect(await h.launcher['windows:focus']('research/us-east-1/notebook', 'desktop')).toBe(false);
  });
});

describe('sessions outside the launcher windows', () => {
  const id = 'research/us-east-1/notebook';
  function handoff(client: { ok: true } | { ok: false; reason: string } = { ok: true }) {
    const calls: { to: 'client' | 'browser'; url: string }[] = [];
    const h: SessionHandoff = {
      dcvClient: async () =>
        client.ok
          ? { found: true, kind: 'executable', path: '/usr/bin/dcvviewer' }
          : { found: false, reason: client.reason },
      openInDcvClient: async (url) => (calls.push({ to: 'client', url }), client),
      openInBrowser: async (url) => void calls.push({ to: 'browser', url }),
    };
    return { h, calls };
  }

  it('opens a kind in the DCV client when that is its setting, and says so', async () => {
    const off = handoff();
    const h = harness({ handoff: off.h, settings: { openWith: { app: 'window', desktop: 'client' } } });
    await h.launcher['computers:refresh']();
    expect((await h.launcher['session:open'](id, 'desktop')).ok).toBe(true);
    expect(off.calls).toEqual([
      { to: 'client', url: expect.stringMatching(/^https:\/\/dcv\.example\.test\/desktop\?token=/) },
    ]);
    expect(h.windows.opened).toHaveLength(0);
    expect(h.notes.at(-1)?.body).toBe('Desktop session opened in the DCV client.');
    expect((await h.launcher['session:open'](id, 'app')).ok).toBe(true);
    expect(h.windows.opened.map((w) => w.kind)).toEqual(['app']);
  });

  it('opens in the browser when asked for this open, even with the window open', async () => {
    const off = handoff();
    const h = harness({ handoff: off.h });
    await h.launcher['computers:refresh']();
    await h.launcher['session:open'](id, 'app');
    expect((await h.launcher['session:open'](id, 'app', { target: 'browser' })).ok).toBe(true);
    expect(off.calls.map((c) => c.to)).toEqual(['browser']);
  });

  it('reports why the DCV client could not take the session, and ends the progress as failed', async () => {
    const off = handoff({ ok: false, reason: 'The DCV client is not installed.' });
    const h = harness({ handoff: off.h });
    await h.launcher['computers:refresh']();
    expect(await h.launcher['app:info']()).toMatchObject({
      dcvClient: { available: false, reason: 'The DCV client is not installed.' },
    });
    const r = await h.launcher['session:open'](id, 'app', { target: 'client' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        kind: 'session-failed',
        message: 'The session could not be opened in the DCV client: The DCV client is not installed.',
      },
    });
    expect(h.events.filter((e) => e.channel === 'session:progress').at(-1)?.payload).toMatchObject({
      phase: 'failed',
    });
    expect(h.launcher.snapshot().progress).toEqual([]);
  });

  it('refuses a hand-off where the host has none', async () => {
    const h = harness({});
    await h.launcher['computers:refresh']();
    const r = await h.launcher['session:open'](id, 'desktop', { target: 'client' });
    expect(r).toMatchObject({ ok: false, error: { name: 'HandoffUnavailable' } });
  });
});
