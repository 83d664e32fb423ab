// The GUI-session engine with the real @aws-sdk/client-lightsail against the simulator, on one
// virtual clock: the simulator and the engine read it, and it moves to the engine's next poll
// whenever no request is in flight, so a 20 s setup takes a few requests' time on any machine.
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LauncherFailure } from '../../electron/core/errors.js';
import { GuiSessionEngine, type EngineProgress } from '../../electron/core/gui-session.js';
import {
  startSimulator,
  TEST_CREDENTIALS,
  type Simulator,
  type ComputerSeed,
} from '../../electron/simulator/index.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';

const REGION = 'eu-west-2';

const clock = createVirtualClock();
let sim: Simulator;
let client: LightsailClient;
let n = 0;

function engine(opts: { allowLoopbackHttp?: boolean; timeoutMs?: number } = {}): GuiSessionEngine {
  return new GuiSessionEngine({
    clock,
    allowLoopbackHttp: opts.allowLoopbackHttp ?? true,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}

/** A fresh computer for each test, so tests never see each other's sessions. */
function computer(seed: Partial<ComputerSeed> = {}): string {
  const name = `it-computer-${++n}`;
  sim.addComputer({ region: REGION, name, blueprintId: 'lfr_jupyterlab_1_0', state: 'running', ...seed });
  return name;
}

/** Progress events, and a promise that resolves at the first one matching `until`. */
function progress(until: (p: EngineProgress) => boolean) {
  const events: EngineProgress[] = [];
  let hit!: () => void;
  const reached = new Promise<void>((resolve) => (hit = resolve));
  const onProgress = (p: EngineProgress) => {
    events.push(p);
    if (until(p)) hit();
  };
  return { events, onProgress, reached };
}

async function rejection(p: Promise<unknown>): Promise<LauncherFailure> {
  try {
    await clock.run(p);
  } catch (err) {
    expect(err).toBeInstanceOf(LauncherFailure);
    return err as LauncherFailure;
  }
  throw new Error('expected the run to fail');
}

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 'empty',
    clock: clock.simulator,
    sessionSetupMs: 20_000,
    sessionResumeMs: 8_000,
    instanceStartMs: 15_000,
  });
  client = clock.trackClient(
    new LightsailClient({
      region: REGION,
      endpoint: sim.endpoint,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    }),
  );
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  client.destroy();
  await sim.close();
});

describe('GUI-session engine against the simulator', () => {
  it('takes a fresh computer to a ready session with both URLs, which the DCV stand-in accepts', async () => {
    const name = computer();
    const events: EngineProgress[] = [];
    const urls = await clock.run(
      engine().open(name, client, { name, startComputer: false, onProgress: (p) => events.push(p) }),
    );
    expect(urls.app.url).toMatch(new RegExp(`^${sim.endpoint}/dcv/${REGION}/${name}/app\\?authToken=`));
    expect(urls.desktop!.url).toMatch(
      new RegExp(`^${sim.endpoint}/dcv/${REGION}/${name}/desktop\\?authToken=`),
    );
    expect(urls.app.name).not.toBe(urls.desktop!.name);
    const app = await fetch(urls.app.url);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('Application session');
    const desk = await fetch(urls.desktop!.url);
    expect(await desk.text()).toContain('Desktop session');
    expect(sim.computer(REGION, name)?.session.status).toBe('started');
    expect(events.at(-1)).toMatchObject({ phase: 'opening', status: 'started', percentage: 100 });
  });

  it('reports the statuses in order with a rising percentage', async () => {
    const name = computer();
    const events: EngineProgress[] = [];
    await clock.run(
      engine().open(name, client, { name, startComputer: false, onProgress: (p) => events.push(p) }),
    );
    const statuses = events.map((e) => e.status).filter((s, i, all) => s && s !== all[i - 1]);
    expect(statuses).toEqual(['notStarted', 'settingUpInstance', 'starting', 'started']);
    const pcts = events.map((e) => e.percentage);
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
    expect(new Set(pcts.filter((p) => p > 0 && p < 100)).size).toBeGreaterThan(2);
  });

  it('resumes an expired session with StartGUISession', async () => {
    const name = computer({ session: 'startExpired' });
    sim.resetCalls();
    const events: EngineProgress[] = [];
    const urls = await clock.run(
      engine().open(name, client, { name, startComputer: false, onProgress: (p) => events.push(p) }),
    );
    expect(events[1]?.status).toBe('startExpired');
    expect(sim.calls({ operation: 'StartGUISession' })).toBe(1);
    expect((await fetch(urls.desktop!.url)).status).toBe(200);
  });

  it('uses a started session as is', async () => {
    const name = computer({ session: 'started' });
    sim.resetCalls();
    await clock.run(engine().open(name, client, { name, startComputer: false }));
    expect(sim.calls({ operation: 'StartGUISession' })).toBe(0);
    expect(sim.calls({ operation: 'CreateGUISessionAccessDetails' })).toBe(1);
  });

  it('refuses a stopped computer unless allowed to start it', async () => {
    const name = computer({ state: 'stopped' });
    const f = await rejection(engine().open(name, client, { name, startComputer: false }));
    expect(f.detail.name).toBe('ComputerStopped');
    expect(sim.computer(REGION, name)?.state).toBe('stopped');
  });

  it('starts a stopped computer first, with its own progress phase', async () => {
    const name = computer({ state: 'stopped' });
    const events: EngineProgress[] = [];
    const urls = await clock.run(
      engine().open(name, client, { name, startComputer: true, onProgress: (p) => events.push(p) }),
    );
    expect(urls.app.url).toContain('/app?authToken=');
    const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual([
      'starting-session',
      'starting-computer',
      'starting-session',
      'setting-up',
      'starting-session',
      'opening',
    ]);
    const computerPcts = events.filter((e) => e.phase === 'starting-computer').map((e) => e.percentage);
    expect(computerPcts).toEqual([...computerPcts].sort((a, b) => a - b));
    expect(computerPcts.at(-1)).toBe(100);
    expect(sim.computer(REGION, name)?.state).toBe('running');
  });

  it('carries the failureReason of a failed session start', async () => {
    const name = computer();
    sim.faults.inject({
      kind: 'failedStartingGUISession',
      computer: name,
      failureReason: 'DCV could not bind port 8443',
      times: 1,
    });
    const f = await rejection(engine().open(name, client, { name, startComputer: false }));
    expect(f.detail).toMatchObject({
      kind: 'session-failed',
      name: 'failedStartingGUISession',
      failureReason: 'DCV could not bind port 8443',
    });
  });

  it('survives throttling and a server error while polling', async () => {
    const name = computer();
    const { onProgress, reached } = progress((e) => e.status === 'settingUpInstance');
    const p = engine().open(name, client, { name, startComputer: false, onProgress });
    // Wait until the setup is under way, then make the next polls fail.
    await clock.run(reached);
    sim.faults.inject({
      kind: 'ThrottlingException',
      operation: 'CreateGUISessionAccessDetails',
      computer: name,
      times: 2,
    });
    sim.faults.inject({
      kind: 'http500',
      operation: 'CreateGUISessionAccessDetails',
      computer: name,
      times: 1,
    });
    const urls = await clock.run(p);
    expect(urls.desktop!.url).toContain('/desktop?authToken=');
    expect(sim.faults.list()).toHaveLength(0);
  });

  it('stops at access denied', async () => {
    const name = computer();
    sim.faults.inject({
      kind: 'AccessDeniedException',
      operation: 'CreateGUISessionAccessDetails',
      computer: name,
    });
    const f = await rejection(engine().open(name, client, { name, startComputer: false }));
    expect(f.detail.kind).toBe('access-denied');
  });

  it('can be cancelled while the session is being set up', async () => {
    const name = computer();
    const e = engine();
    const { onProgress, reached } = progress((x) => x.status === 'settingUpInstance');
    const p = e.open(name, client, { name, startComputer: false, onProgress });
    await clock.run(reached);
    expect(e.cancel(name)).toBe(true);
    const f = await rejection(p);
    expect(f.detail.kind).toBe('cancelled');
    expect(e.running(name)).toBe(false);
  });

  it('times out when Lightsail stops answering', async () => {
    const name = computer();
    sim.faults.inject({ kind: 'hang', operation: 'CreateGUISessionAccessDetails', computer: name });
    const f = await rejection(
      engine({ timeoutMs: 30_000 }).open(name, client, { name, startComputer: false }),
    );
    expect(f.detail.kind).toBe('timeout');
  });

  it('shares one run between two callers of the same computer', async () => {
    const name = computer();
    const e = engine();
    sim.resetCalls();
    const a: EngineProgress[] = [];
    const b: EngineProgress[] = [];
    const p1 = e.open(name, client, { name, startComputer: false, onProgress: (x) => a.push(x) });
    const p2 = e.open(name, client, { name, startComputer: false, onProgress: (x) => b.push(x) });
    expect(p2).toBe(p1);
    const [u1, u2] = await clock.run(Promise.all([p1, p2]));
    expect(u1).toEqual(u2);
    expect(sim.calls({ operation: 'StartGUISession' })).toBe(1);
    expect(b.at(-1)?.percentage).toBe(100);
  });

  it('refuses the loopback http URLs when not in demo or test mode', async () => {
    const name = computer({ session: 'started' });
    const f = await rejection(
      engine({ allowLoopbackHttp: false }).open(name, client, { name, startComputer: false }),
    );
    expect(f.detail.name).toBe('UnsafeSessionUrl');
    expect(f.message).not.toContain('authToken');
  });
});
