// The rows' CPU sparklines, measured: 50 computers listed in the simulator, the renderer's
// ManageState (what each row on screen asks, and when it asks again) over the real api and
// launcher core, on one virtual clock. Counts the GetInstanceMetricData calls the simulator
// answers, minute by minute, and which computers they were for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LauncherCore } from '../../../electron/core/ports.js';
import { createApi } from '../../../electron/shared/api.js';
import type { InvokeChannel } from '../../../electron/shared/ipc-contract.js';
import {
  TEST_CREDENTIALS,
  generateComputers,
  startSimulator,
  type Simulator,
} from '../../../electron/simulator/index.js';
import { ManageState } from '../../../renderer/src/lib/manage.svelte.js';
import { simLauncher } from '../../fixtures/sim-launcher.js';
import { createVirtualClock } from '../../fixtures/virtual-clock.js';

const clock = createVirtualClock();
let sim: Simulator;
let launcher: LauncherCore;
const fleet = generateComputers({ count: 50, regions: ['ca-central-1'], prefix: 'fleet', researchShare: 1 });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', clock: clock.simulator });
  for (const c of fleet) sim.addComputer(c);
});
afterAll(async () => {
  await launcher?.dispose();
  await sim.close();
});

// A renderer's ManageState over the real core, its timer driven by the test.
function renderer() {
  launcher = simLauncher(sim, { keys: { research: TEST_CREDENTIALS }, regions: ['ca-central-1'], clock });
  const inFlight = new Set<Promise<unknown>>();
  const api = createApi({
    invoke: (channel, args) => {
      const handler = launcher[channel as InvokeChannel] as (...a: unknown[]) => Promise<unknown>;
      const p = handler(...args).finally(() => inFlight.delete(p));
      inFlight.add(p);
      return p;
    },
    on: (channel, listener) => launcher.on(channel, listener as never),
  });
  let tick: (() => void) | undefined;
  const manage = new ManageState(api, {
    now: () => clock.now(),
    every: (fn) => ((tick = fn), () => (tick = undefined)),
  });
  async function settle() {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }
  return {
    manage,
    settle,
    /** Thirty seconds pass. */
    advance: () => clock.advance(30_000),
    /** The renderer's timer fires, and what it asked is answered. */
    async tick() {
      tick?.();
      await settle();
    },
  };
}

// Which computers were asked for: a harmless fault (no delay) on each counts its requests.
function countPerComputer(names: readonly string[]): () => Record<string, number> {
  const ids = names.map((n) =>
    sim.faults.inject({ kind: 'latency', latencyMs: 0, operation: 'GetInstanceMetricData', computer: n }),
  );
  return () =>
    Object.fromEntries(
      sim.faults
        .list()
        .filter((f) => ids.includes(f.id) && f.hits > 0)
        .map((f) => [f.computer!, f.hits]),
    );
}

const metricCalls = () => sim.calls({ operation: 'GetInstanceMetricData' });

// GetInstanceMetricData calls in each of the next n minutes. A minute [T, T+60 s) holds what was
// asked at T (the first asks, or the timer's tick) and at T+30 s; the renderer's timer fires
// every 30 s.
async function minutes(
  r: { advance(): Promise<void>; tick(): Promise<void> },
  from: number,
  n: number,
): Promise<number[]> {
  const out: number[] = [];
  let start = from;
  for (let minute = 0; minute < n; minute++) {
    await r.advance();
    await r.tick();
    await r.advance();
    const now = metricCalls();
    out.push(now - start);
    start = now;
    await r.tick();
  }
  return out;
}

describe('row sparklines with 50 computers listed', () => {
  it('ask only for the rows on screen, and stay within the calls per minute', async () => {
    const r = renderer();
    const { manage, settle } = r;
    const list = await launcher['computers:refresh']();
    const running = list.computers.filter((c) => c.state === 'running');
    expect(list.computers).toHaveLength(50);
    const asked = countPerComputer(running.map((c) => c.name));
    sim.resetCalls();
    const first = metricCalls();

    // A window tall enough for 12 rows: those 12 come on screen, the others never do.
    const onScreen = running.slice(0, 12);
    for (const c of onScreen) manage.cpuOnScreen(c.id, true);
    await settle();
    const perMinute = await minutes(r, first, 10);
    const byComputer = asked();
    expect(Object.keys(byComputer).sort()).toEqual(onScreen.map((c) => c.name).sort());
    expect(Math.max(...perMinute)).toBeLessThanOrEqual(10);
    console.log(
      `12 rows on screen, GetInstanceMetricData per minute over 10 minutes: ${perMinute.join(', ')}`,
    );

    // Every running row on screen (a very tall window, or scrolled through slowly).
    const second = metricCalls();
    for (const c of running) manage.cpuOnScreen(c.id, true);
    await settle();
    const all = await minutes(r, second, 10);
    expect(Math.max(...all)).toBeLessThanOrEqual(10);
    expect(Object.keys(asked()).sort()).toEqual(running.map((c) => c.name).sort());
    console.log(
      `${running.length} rows on screen, GetInstanceMetricData per minute over 10 minutes: ${all.join(', ')}`,
    );

    // Rows that leave the screen stop asking.
    for (const c of running) manage.cpuOnScreen(c.id, false);
    const before = metricCalls();
    for (let i = 0; i < 20; i++) await r.advance().then(() => r.tick());
    expect(metricCalls()).toBe(before);
  });
});
