import { LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostTracker, fetchMonthToDate, monthStartUtc, type BudgetNotice } from '../../electron/core/cost.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import type { VirtualComputer } from '../../electron/shared/models.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
let client: LightsailClient;
const HOUR = 3_600_000;

beforeEach(async () => {
  sim = await startSimulator({ seed: 'empty', timeScale: 0 });
  client = new LightsailClient({ region: 'us-east-2', endpoint: sim.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterEach(async () => {
  client.destroy();
  await sim.close();
});

const computer = (name: string, profile = 'lab'): VirtualComputer => ({
  id: makeComputerId({ profile, region: 'us-east-2', name }),
  name,
  profile,
  region: 'us-east-2',
  state: 'running',
  app: { id: 'lfr_jupyterlab_1_0', name: 'JupyterLab' },
  plan: { id: 'app_standard_xl_1_0' },
});

/** A computer that has run since the first of this (virtual) month. */
function seedSinceMonthStart(name: string, bundleId = 'app_standard_xl_1_0') {
  sim.addComputer({ region: 'us-east-2', name, bundleId, state: 'running', createdAt: monthStartUtc(sim.clock.now()).getTime() });
}

function tracker(opts: { budgets?: Record<string, number> } = {}) {
  const notices: BudgetNotice[] = [];
  let sends = 0;
  const counting = { send: (...a: Parameters<LightsailClient['send']>) => (sends++, client.send(...a)) } as unknown as LightsailClient;
  const t = new CostTracker({ clock: { now: () => sim.clock.now() }, clientFor: () => counting, budgets: () => opts.budgets ?? {}, notify: (n) => notices.push(n) });
  return { t, notices, sends: () => sends };
}

describe('monthStartUtc', () => {
  it('is 00:00 UTC on the first of the month', () => {
    expect(monthStartUtc(Date.UTC(2026, 11, 31, 23, 59)).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(monthStartUtc(Date.UTC(2027, 0, 1, 0, 0, 1)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('month-to-date cost', () => {
  it('sums GetCostEstimate from the first of the month: the plan price for the hours run', async () => {
    seedSinceMonthStart('genomics-lab');
    const now = sim.clock.now();
    const hours = (now - monthStartUtc(now).getTime()) / HOUR;
    expect(await fetchMonthToDate(client, 'genomics-lab', now)).toBeCloseTo((hours * 30.16) / 730, 1);
  });

  it('is cached: asked again within the hour it sends nothing; after an hour, or forced, it asks again', async () => {
    seedSinceMonthStart('genomics-lab');
    const { t, sends } = tracker();
    const list = [computer('genomics-lab')];
    await t.refresh(list);
    expect(sends()).toBe(1);
    const first = t.costOf(list[0]!.id)!;
    expect(first.monthToDateUsd).toBeGreaterThanOrEqual(0);
    sim.clock.advance(30 * 60_000);
    await t.refresh(list);
    expect(sends()).toBe(1);
    await t.refresh(list, { force: true });
    expect(sends()).toBe(2);
    sim.clock.advance(HOUR);
    await t.refresh(list);
    expect(sends()).toBe(3);
    // Ninety minutes more of a running computer cost more.
    expect(t.costOf(list[0]!.id)!.monthToDateUsd).toBeGreaterThan(first.monthToDateUsd);
    expect(t.annotate(list)[0]!.cost).toEqual(t.costOf(list[0]!.id));
  });

  it('totals per profile and in all; a computer it cannot price is listed as missing, the rest still add up', async () => {
    seedSinceMonthStart('genomics-lab');
    seedSinceMonthStart('stats-lab', 'app_standard_2xl_1_0');
    const { t } = tracker();
    const list = [computer('genomics-lab', 'lab'), computer('stats-lab', 'teaching'), computer('gone-lab', 'teaching')];
    const s = await t.refresh(list);
    const a = t.costOf(list[0]!.id)!.monthToDateUsd;
    const b = t.costOf(list[1]!.id)!.monthToDateUsd;
    expect(s.profiles.map((p) => [p.profile, p.monthToDateUsd])).toEqual([
      ['lab', a],
      ['teaching', b],
    ]);
    expect(s.totalUsd).toBeCloseTo(a + b, 2);
    expect(s.missing).toEqual([list[2]!.id]);
    expect(t.failureOf(list[2]!.id)?.kind).toBe('not-found');
  });

  it('notifies once per profile and month when the estimate passes the budget, and marks the profile', async () => {
    seedSinceMonthStart('genomics-lab', 'gpu_nvidia_4xl_1_0');
    // Two days of a $879-a-month plan are well over a cent, whatever day of the month it is.
    sim.clock.advance(48 * HOUR);
    const { t, notices } = tracker({ budgets: { lab: 0.01, other: 100 } });
    const list = [computer('genomics-lab')];
    const s = await t.refresh(list, { force: true });
    expect(s.profiles.find((p) => p.profile === 'lab')).toMatchObject({ budgetUsd: 0.01, overBudget: true });
    expect(s.profiles.find((p) => p.profile === 'other')).toMatchObject({ budgetUsd: 100, overBudget: false, monthToDateUsd: 0 });
    expect(notices).toEqual([{ profile: 'lab', title: 'Profile lab is over its monthly budget', body: expect.stringMatching(/^The estimate this month is \$\d+\.\d\d, over the budget of \$0\.01\.$/) }]);
    await t.refresh(list, { force: true });
    expect(notices).toHaveLength(1);
  });

  it('stays under a budget the computer does not reach', async () => {
    seedSinceMonthStart('genomics-lab');
    const { t, notices } = tracker({ budgets: { lab: 10_000 } });
    const s = await t.refresh([computer('genomics-lab')]);
    expect(s.profiles[0]!.overBudget).toBe(false);
    expect(notices).toEqual([]);
  });
});
