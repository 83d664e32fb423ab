import { LightsailClient } from '@aws-sdk/client-lightsail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CostTracker,
  costRange,
  fetchMonthToDate,
  monthStartUtc,
  type BudgetNotice,
} from '../../electron/core/cost.js';
import { makeComputerId } from '../../electron/shared/computer-id.js';
import type { VirtualComputer } from '../../electron/shared/models.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
let client: LightsailClient;
const HOUR = 3_600_000;

beforeEach(async () => {
  sim = await startSimulator({ seed: 'empty', timeScale: 0 });
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
  sim.addComputer({
    region: 'us-east-2',
    name,
    bundleId,
    state: 'running',
    createdAt: monthStartUtc(sim.clock.now()).getTime(),
  });
}

function tracker(opts: { budgets?: Record<string, number> } = {}) {
  const notices: BudgetNotice[] = [];
  let sends = 0;
  const counting = {
    send: (...a: Parameters<LightsailClient['send']>) => (sends++, client.send(...a)),
  } as unknown as LightsailClient;
  const t = new CostTracker({
    clock: { now: () => sim.clock.now() },
    clientFor: () => counting,
    budgets: () => opts.budgets ?? {},
    notify: (n) => notices.push(n),
  });
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
    expect((await fetchMonthToDate(client, 'genomics-lab', now)).usd).toBeCloseTo((hours * 30.16) / 730, 1);
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
    const list = [
      computer('genomics-lab', 'lab'),
      computer('stats-lab', 'teaching'),
      computer('gone-lab', 'teaching'),
    ];
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
    expect(s.profiles.find((p) => p.profile === 'other')).toMatchObject({
      budgetUsd: 100,
      overBudget: false,
      monthToDateUsd: 0,
    });
    expect(notices).toEqual([
      {
        profile: 'lab',
        title: 'Profile lab is over its monthly budget',
        body: expect.stringMatching(/^The estimate this month is \$\d+\.\d\d, over the budget of \$0\.01\.$/),
      },
    ]);
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

const DAY = 86_400_000;

/** A client whose GetCostEstimate answers these rows, recording what it was asked. */
function answering(rows: { usageCost?: unknown; currency?: string }[]) {
  const asked: { startTime: Date; endTime: Date }[] = [];
  const stub = {
    send: async (cmd: { input: { startTime: Date; endTime: Date } }) => {
      asked.push(cmd.input);
      return {
        resourcesBudgetEstimate: [
          { resourceName: 'x', costEstimates: [{ usageType: 'BoxUsage', resultsByTime: rows }] },
        ],
      };
    },
  } as unknown as LightsailClient;
  return { stub, asked };
}

describe('the range asked of GetCostEstimate', () => {
  it('is whole UTC days from the first of the month through today: at least a day, the start never in the future', () => {
    for (const now of [
      Date.UTC(2027, 0, 1, 0, 0, 30),
      Date.UTC(2027, 0, 1, 0, 0, 0),
      Date.UTC(2026, 11, 31, 23, 59, 59),
      Date.UTC(2026, 11, 14, 12),
    ]) {
      const { startTime, endTime } = costRange(now);
      expect(startTime.getTime()).toBe(monthStartUtc(now).getTime());
      expect(startTime.getTime()).toBeLessThanOrEqual(now);
      expect(endTime.getTime()).toBeGreaterThan(now);
      expect(endTime.getTime() - startTime.getTime()).toBeGreaterThanOrEqual(DAY);
      expect((endTime.getTime() - startTime.getTime()) % DAY).toBe(0);
    }
  });

  it('thirty seconds into a month it asks for the whole first day, and the simulator answers', async () => {
    const now = sim.clock.now();
    sim.clock.advance(monthStartUtc(now + 32 * DAY).getTime() - now + 30_000);
    sim.addComputer({ region: 'us-east-2', name: 'genomics-lab', state: 'running' });
    const at = sim.clock.now();
    const { stub, asked } = answering([]);
    await fetchMonthToDate(stub, 'genomics-lab', at);
    expect(asked[0]!.endTime.getTime() - asked[0]!.startTime.getTime()).toBe(DAY);
    const real = await fetchMonthToDate(client, 'genomics-lab', at);
    expect(real.usd).toBeGreaterThanOrEqual(0);
  });
});

describe('what is added', () => {
  it('adds only USD rows, and says which currencies were left out', async () => {
    const { stub } = answering([
      { usageCost: 1.5, currency: 'USD' },
      { usageCost: 2, currency: 'EUR' },
      { usageCost: 3 },
      { usageCost: 0.25, currency: 'USD' },
    ]);
    const got = await fetchMonthToDate(stub, 'x', Date.UTC(2026, 11, 6));
    expect(got.usd).toBe(1.75);
    expect(got.leftOut).toEqual(['EUR', 'no currency']);
  });

  it('a non-finite or negative value makes the cost unknown, with a diagnostic, never $NaN or $-7.50', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -7.5, 'NaN']) {
      const { stub } = answering([
        { usageCost: 1, currency: 'USD' },
        { usageCost: bad, currency: 'USD' },
      ]);
      const got = await fetchMonthToDate(stub, 'x', Date.UTC(2026, 11, 6));
      expect(got.usd).toBeUndefined();
      expect(got.dropped.join()).toMatch(/usageCost/);
    }
  });

  it('the tracker shows an unreadable estimate as unknown (no cost on the row) with its reason, and notes left-out currencies', async () => {
    const rows: { usageCost?: unknown; currency?: string }[] = [{ usageCost: Number.NaN, currency: 'USD' }];
    const { stub } = answering(rows);
    const t = new CostTracker({
      clock: { now: () => Date.UTC(2026, 11, 6) },
      clientFor: () => stub,
      budgets: () => ({ lab: 50 }),
      notify: () => undefined,
    });
    const list = [computer('genomics-lab')];
    const s = await t.refresh(list);
    expect(t.costOf(list[0]!.id)).toBeUndefined();
    expect(t.annotate(list)[0]!.cost).toBeUndefined();
    expect(t.failureOf(list[0]!.id)).toMatchObject({
      kind: 'service',
      message: expect.stringMatching(/could not be read/),
    });
    expect(s.profiles).toEqual([{ profile: 'lab', budgetUsd: 50, overBudget: false }]);
    expect(s.totalUsd).toBeUndefined();
    rows.splice(0, 1, { usageCost: 4, currency: 'USD' }, { usageCost: 9, currency: 'JPY' });
    const again = await t.refresh(list, { force: true });
    expect(t.costOf(list[0]!.id)).toMatchObject({ monthToDateUsd: 4, leftOut: ['JPY'] });
    expect(again).toMatchObject({ totalUsd: 4, leftOut: ['JPY'] });
  });
});

describe('unknown is never $0.00', () => {
  it('a profile that failed to list, or whose computers could not be priced, has no total; one that listed nothing has $0.00', async () => {
    const { t } = tracker({ budgets: { expired: 20, empty: 5 } });
    const s = t.summary([computer('gone-lab', 'teaching')], new Set(['expired']));
    expect(s.profiles).toEqual([
      { profile: 'empty', monthToDateUsd: 0, budgetUsd: 5, overBudget: false },
      { profile: 'expired', budgetUsd: 20, overBudget: false },
      { profile: 'teaching', overBudget: false },
    ]);
    expect(s.totalUsd).toBe(0);
  });
});
