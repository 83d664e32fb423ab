import { CreateGUISessionAccessDetailsCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/ports.js';
import { SessionLifetime, startGuiSession, stopWarning, type SessionExpiryNotice, type SessionLifetimeDeps } from '../../electron/core/session-lifetime.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

const MIN = 60_000;
const ID = makeComputerId({ profile: 'lab', region: 'us-east-2', name: 'genomics-lab' });

function manualClock(): Clock & { t: number } {
  const c = { t: 1_000_000, now: () => c.t, sleep: async () => undefined };
  return c;
}

function setup(over: Partial<SessionLifetimeDeps> & { windows?: boolean; keepAlive?: boolean } = {}) {
  const clock = manualClock();
  const notices: SessionExpiryNotice[] = [];
  const starts: number[] = [];
  const reopened: string[] = [];
  const deps: SessionLifetimeDeps = {
    clock,
    startSession: async () => void starts.push(clock.now()),
    windowsOpen: () => over.windows ?? false,
    keepSessionsAlive: () => over.keepAlive ?? true,
    nameOf: () => 'genomics-lab',
    notify: (n) => notices.push(n),
    reopen: async (id) => void reopened.push(id),
    ...over,
  };
  return { clock, notices, starts, reopened, life: new SessionLifetime(deps) };
}

describe('time left', () => {
  it('counts an hour from when the session was first seen started', () => {
    const { clock, life } = setup();
    expect(life.expiresAt(ID)).toBeUndefined();
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    const end = clock.now() + 60 * MIN;
    clock.t += 20 * MIN;
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    expect(life.expiresAt(ID)).toBe(end);
    expect(life.timeLeftMs(ID)).toBe(40 * MIN);
    const [annotated] = life.annotate([{ id: ID, name: 'genomics-lab', profile: 'lab', region: 'us-east-2', state: 'running', app: { id: 'a', name: 'A' }, plan: { id: 'p' } }]);
    expect(annotated!.sessionExpiresAt).toBe(end);
    // Stopped: nothing left to count.
    life.observe([{ id: ID, sessionStatus: 'stopped' }]);
    expect(life.timeLeftMs(ID)).toBeUndefined();
  });

  it('or from when StartGUISession was called', () => {
    const { clock, life } = setup();
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    clock.t += 50 * MIN;
    life.sessionStarted(ID);
    expect(life.timeLeftMs(ID)).toBe(60 * MIN);
  });
});

describe('the five-minute warning', () => {
  it('comes once, five minutes before the end, with Keep going', async () => {
    const { clock, life, notices } = setup();
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    clock.t += 54 * MIN;
    await life.tick();
    expect(notices).toEqual([]);
    expect(life.nextDueMs()).toBe(MIN);
    clock.t += MIN;
    await life.tick();
    await life.tick();
    expect(notices).toEqual([{ computerId: ID, title: 'The session on genomics-lab ends in 5 minutes', body: expect.stringContaining('Keep going'), action: { id: 'keep-going', label: 'Keep going' } }]);
  });

  it('Keep going calls StartGUISession and starts a new hour', async () => {
    const { clock, life, starts } = setup();
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    clock.t += 56 * MIN;
    const r = await life.keepGoing(ID);
    expect(starts).toEqual([clock.now()]);
    expect(r).toEqual({ ok: true, value: { expiresAt: clock.now() + 60 * MIN } });
  });

  it('says when a renewal succeeded, with the new end already known, so the rows show it at once', async () => {
    const seen: (number | undefined)[] = [];
    const { clock, life } = setup({ windows: true, renewed: (id) => void seen.push(life.expiresAt(id)) });
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    clock.t += 58.5 * MIN;
    await life.tick();
    expect(seen).toEqual([clock.now() + 60 * MIN]);
  });

  it('Keep going reports a failure as a value', async () => {
    const { life } = setup({ startSession: async () => Promise.reject(Object.assign(new Error('no'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })) });
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    expect(await life.keepGoing(ID)).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
  });
});

describe('keeping sessions going while their windows are open', () => {
  it('renews shortly before the end, without a warning, when a window is open and the setting is on', async () => {
    const { clock, life, notices, starts } = setup({ windows: true });
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    clock.t += 57 * MIN;
    await life.tick();
    expect(notices).toEqual([]);
    expect(starts).toEqual([]);
    clock.t += 1.5 * MIN;
    await life.tick();
    expect(starts).toHaveLength(1);
    expect(life.timeLeftMs(ID)).toBe(60 * MIN);
  });

  it('does not renew with the setting off (it warns instead) or with no window open', async () => {
    for (const opts of [{ windows: true, keepAlive: false }, { windows: false, keepAlive: true }]) {
      const { clock, life, notices, starts } = setup(opts);
      life.observe([{ id: ID, sessionStatus: 'started' }]);
      clock.t += 59 * MIN;
      await life.tick();
      expect(starts).toEqual([]);
      expect(notices).toHaveLength(1);
    }
  });

  it('resumes a session that expired anyway and has the windows reloaded', async () => {
    const { clock, life, starts, reopened } = setup({ windows: true });
    life.observe([{ id: ID, sessionStatus: 'startExpired' }]);
    await life.tick();
    expect(starts).toEqual([clock.now()]);
    expect(reopened).toEqual([ID]);
    expect(life.timeLeftMs(ID)).toBe(60 * MIN);
  });

  it('is on by default', () => {
    expect(DEFAULT_SETTINGS.keepSessionsAlive).toBe(true);
  });
});

describe('against the simulator', () => {
  let sim: Simulator | undefined;
  afterEach(async () => sim?.close());

  it('Keep going before the end keeps the session started past its first hour', async () => {
    sim = await startSimulator({ seed: { computers: [{ region: 'us-east-2', name: 'genomics-lab', session: 'started' }] }, timeScale: 0 });
    const client = new LightsailClient({ region: 'us-east-2', endpoint: sim.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const s = sim;
    const status = async () => (await client.send(new CreateGUISessionAccessDetailsCommand({ resourceName: 'genomics-lab' }))).status;
    const life = new SessionLifetime({
      clock: { now: () => s.clock.now(), sleep: async () => undefined },
      startSession: () => startGuiSession(client, 'genomics-lab'),
      windowsOpen: () => true,
      keepSessionsAlive: () => true,
      nameOf: () => 'genomics-lab',
      notify: () => undefined,
    });
    life.observe([{ id: ID, sessionStatus: await status() }]);
    sim.clock.advance(58.5 * MIN);
    await life.tick();
    sim.clock.advance(30 * MIN);
    expect(await status()).toBe('started');
    expect(life.timeLeftMs(ID)).toBe(30 * MIN);
    client.destroy();
  });
});

describe('stop warns once', () => {
  it('says unsaved work is lost, offers "Don\'t ask again", and stays quiet once the user chose it', () => {
    expect(stopWarning('session', 'genomics-lab', DEFAULT_SETTINGS)).toEqual({
      title: 'Stop the session on genomics-lab?',
      detail: 'The session will close, and any unsaved data in it will be lost.',
      confirm: 'Stop session',
      dontAskAgain: "Don't ask again",
    });
    expect(stopWarning('computer', 'genomics-lab', DEFAULT_SETTINGS)?.confirm).toBe('Stop computer');
    expect(stopWarning('session', 'genomics-lab', { ...DEFAULT_SETTINGS, warnBeforeStop: false })).toBeUndefined();
  });
});

describe('at the very end of the hour', () => {
  it('a session whose hour is over is resumed with its windows reloaded, not renewed in place', async () => {
    const { clock, life, starts, reopened } = setup({ windows: true, keepAliveLeadMs: 0 });
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    clock.t += 60 * MIN;
    await life.tick();
    expect(starts).toHaveLength(1);
    expect(reopened).toEqual([ID]);
  });
});
