// The session lifetime behind the facade (Keep going, keep-alive, the countdown) against the
// simulator in both of its answers to what the docs leave open: StartGUISession on a started
// session renews its hour, or changes nothing. Time is the simulator's clock; the lifetime
// loop sleeps on it and wakes when the test moves it.
import { createComputerAccess } from '../../electron/core/computer-access.js';
import { launcherErrors } from '../../electron/core/errors.js';
import { LightsailClient, StartGUISessionCommand } from '@aws-sdk/client-lightsail';
import { afterEach, describe, expect, it } from 'vitest';
import { createCostAndLifetime } from '../../electron/core/cost-and-lifetime.js';
import type { Clock } from '../../electron/core/ports.js';
import { guiSessionStatus } from '../../electron/core/session-lifetime.js';
import { discoverComputers } from '../../electron/core/virtual-computers.js';
import type { VirtualComputer } from '../../electron/shared/models.js';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';
import { eventually } from '../fixtures/eventually.js';

const MIN = 60_000;
let sim: Simulator | undefined;
let client: LightsailClient | undefined;
afterEach(async () => {
  client?.destroy();
  await sim?.close();
});

/** A Clock on the simulator's time whose sleeps end when the test advances it. */
function simClock(s: Simulator) {
  const sleepers = new Set<{ at: number; wake: () => void }>();
  const clock: Clock = {
    now: () => s.clock.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const entry = { at: s.clock.now() + ms, wake: () => (sleepers.delete(entry), resolve()) };
        signal?.addEventListener('abort', () => (sleepers.delete(entry), reject(signal.reason)), {
          once: true,
        });
        sleepers.add(entry);
      }),
  };
  /** Move time on, wake what is due, and wait until the loop sleeps again. */
  async function advance(ms: number): Promise<void> {
    s.clock.advance(ms);
    for (const e of [...sleepers]) if (e.at <= s.clock.now()) e.wake();
    // Wait for the woken loop to finish its HTTP calls and sleep again (a condition, not a time).
    for (let i = 0; i < 2_000 && sleepers.size === 0; i++) await new Promise((r) => setTimeout(r, 5));
  }
  return { clock, advance, sleeping: () => sleepers.size };
}

describe.each([true, false])('simulator renewStartedSessions %s', (renew) => {
  it('the launcher claims no new hour the status does not show, and keeps the session open past its hour either way', async () => {
    sim = await startSimulator({
      seed: { computers: [{ region: 'us-east-2', name: 'genomics-lab', session: 'notStarted' }] },
      timeScale: 0,
      renewStartedSessions: renew,
    });
    client = new LightsailClient({
      region: 'us-east-2',
      endpoint: sim.endpoint,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    const c = client;
    const { clock, advance, sleeping } = simClock(sim);
    const list: VirtualComputer[] = (
      await discoverComputers({
        profiles: ['lab'],
        regions: () => ['us-east-2'],
        clients: { client: () => c },
      })
    ).computers;
    const id = list[0]!.id;
    const reopened: number[] = [];
    let changes = 0;
    const m = createCostAndLifetime({
      clock,
      settings: { get: () => DEFAULT_SETTINGS, update: () => DEFAULT_SETTINGS },
      computers: () => list,
      access: createComputerAccess({
        list: {
          find: (x) => list.find((y) => y.id === x),
          ready: async () => undefined,
          notListed: (x) => launcherErrors.notListed(x),
          worked: () => undefined,
        },
        clients: { client: () => c },
        notifier: { notify: () => undefined },
      }),
      windowsOpen: () => true,
      notify: () => undefined,
      prepare: async () => undefined,
      opening: () => false,
      reopen: async () => void reopened.push(clock.now()),
      changed: () => void changes++,
      costChanged: () => undefined,
    });
    const row = () => m.decorate(list)[0]!;
    // The launcher starts the session itself: its hour is known.
    await c.send(new StartGUISessionCommand({ resourceName: 'genomics-lab' }));
    sim.clock.advance(60_000);
    expect(await guiSessionStatus(c, 'genomics-lab')).toBe('started');
    m.sessionStarted(id, true);
    const end = clock.now() + 60 * MIN;
    m.start();
    await eventually(() => sleeping() > 0, 'the renewal loop sleeping on the clock');
    expect(row()).toMatchObject({ sessionExpiresAt: end });
    expect(row().sessionExpiresApprox).toBeUndefined();

    // Two minutes before the end keep-alive sends StartGUISession; the status still says started.
    await advance(58.5 * MIN);
    expect(sim.calls({ operation: 'StartGUISession' })).toBe(2);
    expect(row().sessionExpiresAt).toBe(end);
    const manual = await m.handlers['session:keepGoing'](id);
    expect(manual).toMatchObject({ ok: false, error: { name: 'RenewalUnconfirmed' } });

    // At the end the real status decides.
    await advance(1.5 * MIN);
    await advance(1_000);
    if (renew) {
      // Still started past the end: renewed, but when is not known, so "about".
      expect(reopened).toEqual([]);
      expect(row()).toMatchObject({ sessionExpiresApprox: true });
    } else {
      // It ended: resumed (a restart the status shows) and its windows reloaded; the new hour is known.
      expect(reopened).toHaveLength(1);
      expect(row().sessionExpiresApprox).toBeUndefined();
    }
    expect(row().sessionExpiresAt).toBeGreaterThan(end);
    sim.clock.advance(30 * MIN);
    expect(await guiSessionStatus(c, 'genomics-lab')).toBe('started');
    m.dispose();
  });
});
