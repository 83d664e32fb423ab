import { LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launcherErrors } from '../../electron/core/errors.js';
import { createComputerAccess } from '../../electron/core/computer-access.js';
import { createCostAndLifetime } from '../../electron/core/cost-and-lifetime.js';
import { discoverComputers } from '../../electron/core/virtual-computers.js';
import type { CostSummary, VirtualComputer } from '../../electron/shared/models.js';
import { DEFAULT_SETTINGS, type Settings } from '../../electron/shared/settings.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
let client: LightsailClient;
beforeEach(async () => {
  sim = await startSimulator({
    seed: {
      computers: [
        { region: 'us-east-2', name: 'genomics-lab', session: 'started' },
        { region: 'us-east-2', name: 'stats-lab' },
      ],
    },
    timeScale: 0,
  });
  client = new LightsailClient({
    region: 'us-east-2',
    endpoint: sim.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
});
afterEach(async () => {
  client.destroy();
  await sim.close();
});

async function setup(settings: Partial<Settings> = {}) {
  const found = await discoverComputers({
    profiles: ['lab'],
    regions: () => ['us-east-2'],
    clients: { client: () => client },
  });
  let list: VirtualComputer[] = found.computers;
  const notes: { title: string }[] = [];
  const costs: CostSummary[] = [];
  let changes = 0;
  let store: Settings = { ...DEFAULT_SETTINGS, ...settings };
  const m = createCostAndLifetime({
    clock: { now: () => sim.clock.now(), sleep: async () => undefined },
    settings: { get: () => store, update: (p) => (store = { ...store, ...p }) },
    computers: () => list,
    access: createComputerAccess({
      list: {
        find: (id) => list.find((x) => x.id === id),
        ready: async () => undefined,
        notListed: (id) => launcherErrors.notListed(id),
        worked: () => undefined,
      },
      clients: { client: () => client },
      notifier: { notify: (n) => notes.push(n) },
    }),
    windowsOpen: () => false,
    notify: (n) => notes.push(n),
    prepare: async () => undefined,
    opening: () => false,
    reopen: async () => undefined,
    changed: () => void changes++,
    costChanged: (s) => costs.push(s),
  });
  return {
    m,
    list: () => m.decorate(list),
    relist: async () =>
      void (list = (
        await discoverComputers({
          profiles: ['lab'],
          regions: () => ['us-east-2'],
          clients: { client: () => client },
        })
      ).computers),
    notes,
    costs,
    changes: () => changes,
  };
}

describe('the cost, lifetime and idle-rule feature behind the facade', () => {
  it('computers:setIdleRule sets the rule, the list shows it at once, and a new sweep agrees', async () => {
    const { m, list, relist } = await setup();
    const id = list().find((c) => c.name === 'stats-lab')!.id;
    expect(
      await m.handlers['computers:setIdleRule'](id, { thresholdPercent: 5, durationMinutes: 30 }),
    ).toEqual({ ok: true, value: null });
    expect(list().find((c) => c.id === id)!.idleRule).toEqual({ thresholdPercent: 5, durationMinutes: 30 });
    await relist();
    expect(list().find((c) => c.id === id)!.idleRule).toEqual({ thresholdPercent: 5, durationMinutes: 30 });
    expect(await m.handlers['computers:setIdleRule'](id, null)).toEqual({ ok: true, value: null });
    expect(list().find((c) => c.id === id)!.idleRule).toBeUndefined();
  });

  it('cost:refresh puts the month-to-date cost on every row and emits the summary', async () => {
    const { m, list, costs } = await setup();
    const r = await m.handlers['cost:refresh']();
    expect(r.ok).toBe(true);
    expect(costs).toHaveLength(1);
    expect(list().every((c) => typeof c.cost?.monthToDateUsd === 'number')).toBe(true);
    expect((await m.handlers['cost:summary']()).profiles.map((p) => p.profile)).toEqual(['lab']);
  });

  it('session:keepGoing: no new hour claimed while the status still says started; a restart it confirms is the new hour the row shows', async () => {
    const { m, list } = await setup();
    const c = list().find((x) => x.name === 'genomics-lab')!;
    const seenAt = sim.clock.now();
    m.observe([{ ...c, sessionStatus: 'started' }]);
    expect(list().find((x) => x.id === c.id)).toMatchObject({
      sessionExpiresAt: seenAt + 3_600_000,
      sessionExpiresApprox: true,
    });
    // StartGUISession leaves a started session as it is here; the status says started either way.
    sim.setRenewStartedSessions(false);
    sim.clock.advance(50 * 60_000);
    const r = await m.handlers['session:keepGoing'](c.id);
    expect(r).toMatchObject({ ok: false, error: { name: 'RenewalUnconfirmed' } });
    expect(list().find((x) => x.id === c.id)!.sessionExpiresAt).toBe(seenAt + 3_600_000);
    // The hour runs out, and a resume is a restart the status shows.
    sim.clock.advance(20 * 60_000);
    m.observe([{ ...c, sessionStatus: 'startExpired' }]);
    const again = await m.handlers['session:keepGoing'](c.id);
    expect(again).toEqual({ ok: true, value: { expiresAt: sim.clock.now() + 3_600_000 } });
    const row = list().find((x) => x.id === c.id)!;
    expect(row.sessionExpiresAt).toBe(sim.clock.now() + 3_600_000);
    expect(row.sessionExpiresApprox).toBeUndefined();
    m.dispose();
  });

  it('a computer not in the list is an error value, not a throw', async () => {
    const { m } = await setup();
    expect(
      await m.handlers['computers:setIdleRule']('lab/us-east-2/nobody', {
        thresholdPercent: 5,
        durationMinutes: 30,
      }),
    ).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});
