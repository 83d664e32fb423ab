import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { HOURS_PER_MONTH, PlanPrices } from '../../electron/core/plan-prices.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
let client: LightsailClient;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new LightsailClient({
    region: 'us-east-2',
    endpoint: sim.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await sim.close();
});

describe('PlanPrices', () => {
  it("gives a plan's price per hour from GetBundles, asking once per region", async () => {
    let now = 0;
    const prices = new PlanPrices(() => now);
    const t = { region: 'us-east-2', profile: 'research', client, bundleId: 'gpu_nvidia_xl_1_0' };
    const r = await prices.priceOf(t);
    expect(r).toEqual({
      ok: true,
      value: {
        bundleId: 'gpu_nvidia_xl_1_0',
        name: 'GPU XL',
        usdPerHour: Math.round((383.98 / HOURS_PER_MONTH) * 1000) / 1000,
      },
    });
    expect(await prices.priceOf({ ...t, bundleId: 'app_standard_xl_1_0' })).toMatchObject({
      ok: true,
      value: { name: 'Standard XL' },
    });
    expect(await prices.priceOf({ ...t, bundleId: 'no_such_plan' })).toEqual({ ok: true, value: null });
    expect(sim.calls({ operation: 'GetBundles' })).toBe(1);
    now += 7 * 60 * 60_000;
    await prices.priceOf(t);
    expect(sim.calls({ operation: 'GetBundles' })).toBe(2);
  });

  it('says why when the prices cannot be read, and asks again next time', async () => {
    const prices = new PlanPrices(() => 0);
    sim.faults.inject({ kind: 'AccessDeniedException', operation: 'GetBundles', times: 1 });
    const t = { region: 'eu-west-2', profile: 'research', client, bundleId: 'gpu_nvidia_xl_1_0' };
    const r = await prices.priceOf(t);
    expect(r.ok ? null : r.error.kind).toBe('access-denied');
    expect((await prices.priceOf(t)).ok).toBe(true);
  });
});
