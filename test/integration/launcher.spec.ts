// The launcher facade end to end in Node: real client factory, real GUI-session engine, real
// simulator; only the window host and the notifier are stand-ins. One virtual clock for the
// world (the simulator, the launcher, the demo it switches to): time moves only inside
// clock.run, while every request has been answered, so a 60 s setup takes a few requests.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLauncher } from '../../electron/core/launcher.js';
import { createMemorySettings } from '../../electron/core/memory-settings.js';
import {
  type Environment,
  type LauncherCore,
  type SessionWindowRequest,
  type WindowHost,
} from '../../electron/core/ports.js';
import type { ComputerList, OpenWindow, SessionProgress } from '../../electron/shared/models.js';
import {
  DEMO_COMPUTERS,
  TEST_CREDENTIALS,
  startSimulator,
  type Simulator,
} from '../../electron/simulator/index.js';
import { listWhen } from '../fixtures/list-when.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';
import { worldClients } from '../fixtures/world-clients.js';

const REGIONS = ['us-east-2', 'eu-west-2', 'ap-northeast-1'];

const clock = createVirtualClock();
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', clock: clock.simulator });
});
afterAll(async () => {
  await sim.close();
});

function simEnv(): Environment {
  const clients = worldClients(clock, {
    credentialsFor: () => async () => TEST_CREDENTIALS,
    env: {},
    endpoint: sim.endpoint,
  });
  return {
    profiles: {
      list: async () => [
        {
          name: 'research',
          kind: 'static',
          region: 'us-east-2',
          sources: ['test'],
          diagnostics: [],
          isDefault: true,
        },
      ],
      invalidate: () => undefined,
    },
    clients,
    allowLoopbackHttp: true,
    demo: false,
    dispose: async () => clients.dispose(),
  };
}

function windowHost() {
  const open = new Map<string, SessionWindowRequest>();
  const listeners = new Set<(w: OpenWindow[]) => void>();
  const opened: SessionWindowRequest[] = [];
  const list = (): OpenWindow[] =>
    [...open.values()].map((r) => ({
      computerId: r.computerId,
      kind: r.kind,
      title: r.title,
      focused: false,
    }));
  const host: WindowHost = {
    async open(req) {
      opened.push(req);
      open.set(`${req.computerId}#${req.kind}`, req);
      listeners.forEach((l) => l(list()));
    },
    focus: (id, kind) => open.has(`${id}#${kind}`),
    close(id, kind) {
      for (const k of [...open.keys()])
        if (k.startsWith(`${id}#`) && (!kind || k.endsWith(`#${kind}`))) open.delete(k);
      listeners.forEach((l) => l(list()));
    },
    list,
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { host, opened };
}

let launcher: LauncherCore;
let windows: ReturnType<typeof windowHost>;
let progress: SessionProgress[];
let notes: { title: string; body: string }[];
let saved: ComputerList[];
let settings: ReturnType<typeof createMemorySettings>;

beforeEach(() => {
  windows = windowHost();
  progress = [];
  notes = [];
  saved = [];
  settings = createMemorySettings({ regions: REGIONS });
  launcher = createLauncher({
    env: simEnv(),
    windows: windows.host,
    notifier: { notify: (n) => void notes.push(n) },
    settings,
    clock,
    listCache: { load: () => undefined, save: (l) => void saved.push(l) },
    version: 'test',
    platform: process.platform,
    createDemoEnvironment: async () =>
      (await import('../../electron/simulator/demo.js')).startDemoEnvironment({ clock }),
  });
  launcher.on('session:progress', (p) => void progress.push(p));
});
afterEach(async () => {
  await launcher.dispose();
  sim.faults.clear();
});

/** The list once it matches, time running meanwhile (a state poll, a session's setup). */
function until(pred: (l: ComputerList) => boolean): Promise<ComputerList> {
  return clock.run(listWhen(launcher, pred));
}

describe('launcher against the simulator', () => {
  it('lists the research computers of the chosen regions and saves the list', async () => {
    const first = await launcher['computers:list']({});
    expect(first.refreshing).toBe(true);
    const fresh = await until((l) => !l.refreshing && l.refreshedAt !== '');
    const expected = DEMO_COMPUTERS.filter((c) => c.blueprintId?.startsWith('lfr_')).map(
      (c) => `research/${c.region}/${c.name}`,
    );
    expect(fresh.computers.map((c) => c.id).sort()).toEqual(expected.sort());
    expect(fresh.errors).toEqual([]);
    expect(saved.at(-1)?.computers).toHaveLength(expected.length);
  });

  it('opens the application window, then the desktop at once from the same access details', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/genomics-notebook';
    expect(await clock.run(launcher['session:open'](id, 'app'))).toEqual({ ok: true, value: null });
    const app = windows.opened[0]!;
    expect(app.title).toBe(`genomics-notebook — ${app.sessionName} (Application)`);
    const page = await fetch(app.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-computer="genomics-notebook"');
    expect(html).toContain('data-kind="app"');

    const before = sim.calls({ operation: 'CreateGUISessionAccessDetails' });
    expect((await clock.run(launcher['session:open'](id, 'desktop'))).ok).toBe(true);
    expect(sim.calls({ operation: 'CreateGUISessionAccessDetails' })).toBe(before);
    const desktop = windows.opened[1]!;
    expect(desktop.kind).toBe('desktop');
    expect(await (await fetch(desktop.url)).text()).toContain('data-kind="desktop"');
    expect(JSON.stringify(progress)).not.toContain('authToken');
    expect(notes.some((n) => n.title === 'genomics-notebook is ready')).toBe(true);
  });

  it('sets up a session that was never started, with rising progress', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/stats-rstudio';
    const r = await clock.run(launcher['session:open'](id, 'app'));
    expect(r).toEqual({ ok: true, value: null });
    expect(sim.calls({ operation: 'StartGUISession' })).toBeGreaterThanOrEqual(1);
    const mine = progress.filter((p) => p.computerId === id);
    expect(
      mine.some(
        (p) => p.phase === 'setting-up' || p.status === 'settingUpInstance' || p.status === 'starting',
      ),
    ).toBe(true);
    const pct = mine.map((p) => p.percentage);
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    expect(mine.at(-1)).toMatchObject({ phase: 'ready', percentage: 100 });
    expect(windows.opened.map((w) => w.computerId)).toEqual([id]);
  });

  it('reports a session that fails to start with Lightsail’s reason', async () => {
    await launcher['computers:refresh']();
    sim.faults.inject({
      kind: 'failedStartingGUISession',
      computer: 'thesis-vscodium',
      failureReason: 'The DCV server did not start.',
    });
    const r = await clock.run(launcher['session:open']('research/us-east-2/thesis-vscodium', 'app'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.failureReason).toBe('The DCV server did not start.');
    expect(progress.at(-1)).toMatchObject({
      computerId: 'research/us-east-2/thesis-vscodium',
      phase: 'failed',
    });
    expect(notes.at(-1)?.title).toMatch(/session failed/);
    expect(windows.opened).toHaveLength(0);
  });

  it('starts a stopped computer only when allowed, then opens it', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/model-training-gpu';
    const refused = await clock.run(launcher['session:open'](id, 'desktop'));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe('model-training-gpu is stopped.');
    expect(sim.calls({ operation: 'StartInstance' })).toBe(0);

    await launcher['settings:update']({ autoStartComputers: true });
    const r = await clock.run(launcher['session:open'](id, 'desktop'));
    expect(r).toEqual({ ok: true, value: null });
    expect(sim.calls({ operation: 'StartInstance' })).toBe(1);
    expect(launcher.snapshot().list.computers.find((c) => c.id === id)?.state).toBe('running');
  });

  it('stops a computer and follows it to stopped', async () => {
    await launcher['computers:refresh']();
    const id = 'research/ap-northeast-1/tokyo-notebook';
    const r = await clock.run(launcher['computers:stop'](id));
    expect(r).toEqual({ ok: true, value: null });
    const stopped = await until((l) => l.computers.find((c) => c.id === id)?.state === 'stopped');
    expect(stopped.computers.find((c) => c.id === id)?.state).toBe('stopped');
    expect(sim.computer('ap-northeast-1', 'tokyo-notebook')?.state).toBe('stopped');
    // Put it back for the other tests.
    expect((await clock.run(launcher['computers:start'](id))).ok).toBe(true);
    await until((l) => l.computers.find((c) => c.id === id)?.state === 'running');
  });

  it('stops the session and closes both windows', async () => {
    await launcher['computers:refresh']();
    const id = 'research/eu-west-2/survey-analysis';
    await clock.run(launcher['session:open'](id, 'app'));
    await clock.run(launcher['session:open'](id, 'desktop'));
    expect(windows.host.list()).toHaveLength(2);
    const r = await clock.run(launcher['session:stop'](id));
    expect(r).toEqual({ ok: true, value: null });
    expect(windows.host.list()).toHaveLength(0);
    expect(sim.calls({ operation: 'StopGUISession' })).toBeGreaterThanOrEqual(1);
    expect(['stopping', 'stopped']).toContain(sim.computer('eu-west-2', 'survey-analysis')?.session.status);
  });

  it('reports a denied region and still lists the others', async () => {
    sim.faults.inject({ kind: 'AccessDeniedException', operation: 'GetInstances', region: 'eu-west-2' });
    const list = await launcher['computers:refresh']();
    expect(list.errors).toEqual([
      { profile: 'research', region: 'eu-west-2', error: expect.objectContaining({ kind: 'access-denied' }) },
    ]);
    expect(list.computers.some((c) => c.region === 'us-east-2')).toBe(true);
  });

  it('a profile that cannot list shows its cost as unknown ("—"), never $0.00, even with a budget', async () => {
    settings.update({ budgets: { research: 25 } });
    sim.faults.inject({ kind: 'UnauthenticatedException', operation: 'GetInstances' });
    const list = await launcher['computers:refresh']();
    expect(list.computers).toEqual([]);
    expect(list.errors.length).toBeGreaterThan(0);
    const summary = await launcher['cost:summary']();
    expect(summary.profiles).toEqual([{ profile: 'research', budgetUsd: 25, overBudget: false }]);
    expect(summary.totalUsd).toBeUndefined();
  });

  it('a region that answers HTTP 500 keeps its last-known rows, marked stale with the reason', async () => {
    const before = await launcher['computers:refresh']();
    const london = before.computers
      .filter((c) => c.region === 'eu-west-2')
      .map((c) => c.name)
      .sort();
    expect(london.length).toBeGreaterThan(0);
    sim.faults.inject({ kind: 'http500', operation: 'GetInstances', region: 'eu-west-2' });
    const after = await launcher['computers:refresh']();
    expect(after.errors).toEqual([
      { profile: 'research', region: 'eu-west-2', error: expect.objectContaining({ kind: 'service' }) },
    ]);
    const kept = after.computers.filter((c) => c.region === 'eu-west-2');
    expect(kept.map((c) => c.name).sort()).toEqual(london);
    for (const c of kept) expect(c.staleReason).toBe(after.errors[0]!.error.message);
    expect(
      after.computers.filter((c) => c.region === 'us-east-2').every((c) => c.staleReason === undefined),
    ).toBe(true);
    // Once the region answers again, the rows are fresh.
    sim.faults.clear();
    const again = await launcher['computers:refresh']();
    expect(
      again.computers.filter((c) => c.region === 'eu-west-2').every((c) => c.staleReason === undefined),
    ).toBe(true);
  });

  it('a session started out of band (console, another machine) shows as started, asked of the service', async () => {
    // genomics-notebook's session was started before the launcher ran; nothing was opened here.
    const calls = sim.calls({ operation: 'CreateGUISessionAccessDetails' });
    await launcher['computers:refresh']();
    const list = await until((l) =>
      l.computers.some((c) => c.name === 'genomics-notebook' && c.sessionStatus === 'started'),
    );
    const running = list.computers.filter((c) => c.state === 'running');
    // Asked once per running computer for the refresh, and only for running ones.
    await until((l) =>
      l.computers.filter((c) => c.state === 'running').every((c) => c.sessionStatus !== undefined),
    );
    expect(sim.calls({ operation: 'CreateGUISessionAccessDetails' }) - calls).toBe(running.length);
    expect(windows.opened).toEqual([]);
  });

  it.each([
    ['only one session', 'oneSession', 'one-session-lab', 'one-session'],
    ['sessions without isPrimary', 'sessionsWithoutIsPrimary', 'bare-session-lab', 'no-primary'],
  ] as const)(
    '%s: the application opens, the desktop is disabled with its reason',
    async (_n, kind, name, why) => {
      sim.addComputer({ region: 'us-east-2', name, state: 'running', session: 'started' });
      sim.faults.inject({ kind, operation: 'CreateGUISessionAccessDetails', computer: name });
      await launcher['computers:refresh']();
      await until((l) => l.computers.some((c) => c.name === name));
      const id = `research/us-east-2/${name}`;
      expect(await clock.run(launcher['session:open'](id, 'app'))).toEqual({ ok: true, value: null });
      expect(windows.opened.map((w) => [w.computerId, w.kind])).toEqual([[id, 'app']]);
      expect(await (await fetch(windows.opened[0]!.url)).text()).toContain('data-kind="app"');
      const row = await until((l) =>
        l.computers.some((c) => c.id === id && c.desktopUnavailable !== undefined),
      );
      expect(row.computers.find((c) => c.id === id)!.desktopUnavailable).toBe(why);
      const desktop = await clock.run(launcher['session:open'](id, 'desktop'));
      expect(desktop).toMatchObject({
        ok: false,
        error: { name: 'DesktopUnavailable', kind: 'session-failed' },
      });
      expect(windows.opened).toHaveLength(1);
    },
  );

  it('a session started out of band counts "about" an hour (the launcher did not see it start)', async () => {
    sim.addComputer({ region: 'us-east-2', name: 'elsewhere-lab', state: 'running', session: 'started' });
    await launcher['computers:refresh']();
    const seen = await until((l) =>
      l.computers.some((c) => c.name === 'elsewhere-lab' && c.sessionExpiresAt !== undefined),
    );
    expect(seen.computers.find((c) => c.name === 'elsewhere-lab')).toMatchObject({
      sessionStatus: 'started',
      sessionExpiresApprox: true,
    });
  });

  it('switches to the demo and lists two demo profiles with different computers', async () => {
    await launcher['settings:update']({ regions: [] });
    const info = await launcher['app:startDemo']();
    expect(info.demo).toBe(true);
    const list = await launcher['computers:refresh']();
    const byProfile = new Map<string, string[]>();
    for (const c of list.computers) byProfile.set(c.profile, [...(byProfile.get(c.profile) ?? []), c.name]);
    expect([...byProfile.keys()].sort()).toEqual(['demo', 'demo-lab']);
    expect(byProfile.get('demo')).toContain('genomics-notebook');
    expect(byProfile.get('demo-lab')).not.toContain('genomics-notebook');
    expect(list.errors).toEqual([]);
  });
});
