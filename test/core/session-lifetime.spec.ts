import { LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/ports.js';
import {
  guiSessionStatus,
  SessionLifetime,
  startGuiSession,
  stopWarning,
  type SessionExpiryNotice,
  type SessionLifetimeDeps,
} from '../../electron/core/session-lifetime.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import { timeLeftLabel } from '../../electron/shared/lifetime.js';
import type { GuiSessionStatus, VirtualComputer } from '../../electron/shared/models.js';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

const MIN = 60_000;
const ID = makeComputerId({ profile: 'lab', region: 'us-east-2', name: 'genomics-lab' });

function manualClock(): Clock & { t: number } {
  const c = { t: 1_000_000, now: () => c.t, sleep: async () => undefined };
  return c;
}

/** The service as the tests script it: the status it reports, and what StartGUISession makes of it. */
interface World {
  status: GuiSessionStatus | undefined;
  /** The status a StartGUISession leaves (undefined: unchanged). */
  afterStart?: GuiSessionStatus;
  asked: number;
}

function setup(
  over: Partial<SessionLifetimeDeps> & {
    windows?: boolean;
    keepAlive?: boolean;
    world?: Partial<World>;
  } = {},
) {
  const clock = manualClock();
  const notices: SessionExpiryNotice[] = [];
  const starts: number[] = [];
  const reopened: string[] = [];
  const world: World = { status: 'started', asked: 0, ...over.world };
  const deps: SessionLifetimeDeps = {
    clock,
    startSession: async () => {
      starts.push(clock.now());
      if (world.afterStart) world.status = world.afterStart;
    },
    sessionStatus: async () => (world.asked++, world.status),
    windowsOpen: () => over.windows ?? false,
    keepSessionsAlive: () => over.keepAlive ?? true,
    nameOf: () => 'genomics-lab',
    notify: (n) => notices.push(n),
    reopen: async (id) => void reopened.push(id),
    ...over,
  };
  return { clock, notices, starts, reopened, world, life: new SessionLifetime(deps) };
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
    const [annotated] = life.annotate([
      {
        id: ID,
        name: 'genomics-lab',
        profile: 'lab',
        region: 'us-east-2',
        state: 'running',
        app: { id: 'a', name: 'A' },
        plan: { id: 'p' },
      },
    ]);
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
    life.sessionStarted(ID);
    clock.t += 54 * MIN;
    await life.tick();
    expect(notices).toEqual([]);
    expect(life.nextDueMs()).toBe(MIN);
    clock.t += MIN;
    await life.tick();
    await life.tick();
    expect(notices).toEqual([
      {
        computerId: ID,
        title: 'The session on genomics-lab ends in 5 minutes',
        body: expect.stringContaining('Keep going'),
        action: { id: 'keep-going', label: 'Keep going' },
      },
    ]);
  });

  it('Keep going starts a new hour only when the status shows the session restarting', async () => {
    const renewed: number[] = [];
    const { clock, life, starts } = setup({
      world: { afterStart: 'starting' },
      renewed: () => void renewed.push(clock.now()),
    });
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    clock.t += 56 * MIN;
    const r = await life.keepGoing(ID);
    expect(starts).toEqual([clock.now()]);
    expect(r).toEqual({ ok: true, value: { expiresAt: clock.now() + 60 * MIN } });
    expect(renewed).toEqual([clock.now()]);
    // Its restart was this launcher's doing: once started, the hour is known, not "about".
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    expect(life.approximate(ID)).toBe(false);
  });

  it('a session that still says started after Keep going is not called renewed: its end stays, and that is said', async () => {
    const renewed: string[] = [];
    const { clock, life, starts } = setup({ renewed: (id) => void renewed.push(id) });
    life.sessionStarted(ID);
    const end = life.expiresAt(ID);
    clock.t += 56 * MIN;
    const r = await life.keepGoing(ID);
    expect(starts).toHaveLength(1);
    expect(r).toMatchObject({
      ok: false,
      error: {
        name: 'RenewalUnconfirmed',
        kind: 'session-failed',
        message: expect.stringMatching(/shows no new hour/),
      },
    });
    expect(life.expiresAt(ID)).toBe(end);
    expect(renewed).toEqual([]);
  });

  it('Keep going reports a failure as a value', async () => {
    const { life } = setup({
      startSession: async () =>
        Promise.reject(
          Object.assign(new Error('no'), {
            name: 'AccessDeniedException',
            $metadata: { httpStatusCode: 400 },
          }),
        ),
    });
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    expect(await life.keepGoing(ID)).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
  });
});

describe('keeping sessions going while their windows are open', () => {
  it('asks for a renewal shortly before the end, without a warning, when a window is open and the setting is on', async () => {
    const { clock, life, notices, starts } = setup({ windows: true, world: { afterStart: 'starting' } });
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

  it('a renewal the status does not confirm: the warning comes, and at the end the real status decides (resumed, windows reloaded)', async () => {
    const { clock, life, notices, starts, reopened, world } = setup({ windows: true });
    life.sessionStarted(ID);
    clock.t += 58.5 * MIN;
    await life.tick();
    expect(starts).toHaveLength(1);
    expect(life.timeLeftMs(ID)).toBe(1.5 * MIN);
    expect(life.nextDueMs()).toBe(0);
    await life.tick();
    expect(notices).toHaveLength(1);
    clock.t += 1.5 * MIN;
    world.status = 'startExpired';
    world.afterStart = 'starting';
    await life.tick();
    await life.tick();
    expect(starts).toHaveLength(2);
    expect(reopened).toEqual([ID]);
  });

  it('does not renew with the setting off (it warns instead) or with no window open', async () => {
    for (const opts of [
      { windows: true, keepAlive: false },
      { windows: false, keepAlive: true },
    ]) {
      const { clock, life, notices, starts } = setup(opts);
      life.observe([{ id: ID, sessionStatus: 'started' }]);
      clock.t += 59 * MIN;
      await life.tick();
      expect(starts).toEqual([]);
      expect(notices).toHaveLength(1);
    }
  });

  it('resumes a session that expired anyway and has the windows reloaded', async () => {
    const { clock, life, starts, reopened } = setup({
      windows: true,
      world: { status: 'startExpired', afterStart: 'starting' },
    });
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

  it.each([true, false])(
    'renewStartedSessions %s: the status decides, and the session is open an hour later either way',
    async (renew) => {
      sim = await startSimulator({
        seed: { computers: [{ region: 'us-east-2', name: 'genomics-lab', session: 'started' }] },
        timeScale: 0,
        renewStartedSessions: renew,
      });
      const client = new LightsailClient({
        region: 'us-east-2',
        endpoint: sim.endpoint,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
      const s = sim;
      const renewed: number[] = [];
      const reopened: number[] = [];
      const life = new SessionLifetime({
        clock: { now: () => s.clock.now(), sleep: async () => undefined },
        startSession: () => startGuiSession(client, 'genomics-lab'),
        sessionStatus: () => guiSessionStatus(client, 'genomics-lab'),
        windowsOpen: () => true,
        keepSessionsAlive: () => true,
        nameOf: () => 'genomics-lab',
        notify: () => undefined,
        renewed: () => void renewed.push(s.clock.now()),
        reopen: async () => void reopened.push(s.clock.now()),
      });
      // Seeded started "just now", as if this launcher had started it.
      life.sessionStarted(ID);
      sim.clock.advance(58.5 * MIN);
      await life.tick();
      // StartGUISession on a started session: the status still says started either way, so no new hour is claimed.
      expect(renewed).toEqual([]);
      expect(life.timeLeftMs(ID)).toBe(1.5 * MIN);
      sim.clock.advance(1.5 * MIN);
      await life.tick();
      if (renew) {
        // Still started past the end: renewed, confirmed by the status; the new end is presumed ("about").
        expect(renewed).toHaveLength(1);
        expect(life.approximate(ID)).toBe(true);
        expect(reopened).toEqual([]);
      } else {
        // Not renewed: it ended, and it is resumed with its windows reloaded.
        expect(reopened).toHaveLength(1);
        expect(renewed).toHaveLength(1);
        expect(life.approximate(ID)).toBe(false);
      }
      sim.clock.advance(30 * MIN);
      expect(await guiSessionStatus(client, 'genomics-lab')).toBe('started');
      client.destroy();
    },
  );
});

describe('a session the launcher did not see start', () => {
  it('says "about", and asks the real status near the presumed end: an early end is found', async () => {
    const { clock, life, notices, world } = setup();
    life.observe([{ id: ID, sessionStatus: 'started' }]);
    const row = {
      id: ID,
      name: 'genomics-lab',
      profile: 'lab',
      region: 'us-east-2',
      state: 'running',
      app: { id: 'a', name: 'A' },
      plan: { id: 'p' },
    } satisfies VirtualComputer;
    const [annotated] = life.annotate([row]);
    expect(annotated).toMatchObject({ sessionExpiresAt: clock.now() + 60 * MIN, sessionExpiresApprox: true });
    expect(
      timeLeftLabel(annotated!.sessionExpiresAt!, clock.now() + 20 * MIN, annotated!.sessionExpiresApprox),
    ).toBe('about 40 min left');
    expect(timeLeftLabel(clock.now() + 40 * MIN, clock.now())).toBe('40 min left');
    clock.t += 30 * MIN;
    await life.tick();
    expect(world.asked).toBe(0);
    clock.t += 25 * MIN;
    world.status = 'startExpired';
    await life.tick();
    expect(world.asked).toBe(1);
    expect(life.expiresAt(ID)).toBeUndefined();
    expect(notices.map((n) => n.title)).toEqual(['The session on genomics-lab ends in about 5 minutes']);
  });

  it('a session run that found it already started presumes too; one that saw it start knows', () => {
    const { life } = setup();
    life.sessionStarted(ID, false);
    expect(life.approximate(ID)).toBe(true);
    life.sessionStarted(ID, true);
    expect(life.approximate(ID)).toBe(false);
    // A later run finding it started changes nothing it knows.
    life.sessionStarted(ID, false);
    expect(life.approximate(ID)).toBe(false);
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
    expect(
      stopWarning('session', 'genomics-lab', { ...DEFAULT_SETTINGS, warnBeforeStop: false }),
    ).toBeUndefined();
  });
});

describe('at the very end of the hour', () => {
  it('a session whose hour is over is resumed with its windows reloaded, not renewed in place', async () => {
    const { clock, life, starts, reopened, world } = setup({
      windows: true,
      keepAliveLeadMs: 0,
      world: { afterStart: 'starting' },
    });
    life.sessionStarted(ID);
    clock.t += 60 * MIN;
    world.status = 'startExpired';
    await life.tick();
    expect(starts).toHaveLength(1);
    expect(reopened).toEqual([ID]);
  });
});
