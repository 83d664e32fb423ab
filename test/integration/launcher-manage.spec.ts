// The manage channels of the launcher facade against the simulator: the row of a new computer
// appears and runs, a delete needs the typed name, "Snapshot, then stop", and CPU figures that
// cost no call until asked and stay within their calls per minute with 50 computers listed.
// One virtual clock for the simulator and the launcher: a boot or a snapshot takes its
// simulated time inside clock.run, while no request is in flight, at the default poll intervals.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LauncherCore } from '../../electron/core/ports.js';
import type { ComputerList } from '../../electron/shared/models.js';
import {
  MANAGE_TIMINGS,
  TEST_CREDENTIALS,
  generateComputers,
  startSimulator,
  type Simulator,
} from '../../electron/simulator/index.js';
import { simLauncher } from '../fixtures/sim-launcher.js';
import { listWhen } from '../fixtures/list-when.js';
import { createVirtualClock } from '../fixtures/virtual-clock.js';

const clock = createVirtualClock();
let sim: Simulator;
const ref = { profile: 'research', region: 'us-east-2' };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', clock: clock.simulator });
  for (const c of generateComputers({
    count: 50,
    regions: ['ca-central-1'],
    prefix: 'fleet',
    researchShare: 1,
  }))
    sim.addComputer(c);
  // Computers the delete tests may delete.
  for (const c of generateComputers({ count: 3, regions: ['us-east-2'], prefix: 'gone', researchShare: 1 }))
    sim.addComputer(c);
});
afterAll(async () => {
  await sim.close();
});

let launcher: LauncherCore;
beforeEach(() => {
  launcher = simLauncher(sim, {
    keys: { research: TEST_CREDENTIALS },
    regions: ['us-east-2', 'ca-central-1'],
    clock,
  });
});
afterEach(async () => {
  await launcher.dispose();
  sim.faults.clear();
  sim.resetCalls();
});

/** The list once it matches, time running meanwhile (a boot, a snapshot). */
function until(pred: (l: ComputerList) => boolean): Promise<ComputerList> {
  return clock.run(listWhen(launcher, pred));
}

const stateOf = (l: ComputerList, id: string) => l.computers.find((c) => c.id === id)?.state;

describe('new computer', () => {
  it('offers applications and plans, then its row appears pending and turns running', async () => {
    await launcher['computers:refresh']();
    const options = await launcher['manage:options'](ref);
    expect(options.ok && options.value.plans.map((p) => p.id)).toContain('app_standard_xl_1_0');
    const seen: string[] = [];
    launcher.on('computers:changed', (l) => {
      const s = stateOf(l, 'research/us-east-2/facade-lab');
      if (s && seen.at(-1) !== s) seen.push(s);
    });
    // Time stands still outside clock.run: the boot cannot finish before the row is seen pending.
    const made = await launcher['computers:create'](ref, {
      name: 'facade-lab',
      applicationId: 'lfr_jupyterlab_1_0',
      planId: 'app_standard_xl_1_0',
    });
    expect(made).toEqual({ ok: true, value: { computerId: 'research/us-east-2/facade-lab' } });
    await listWhen(launcher, (l) => stateOf(l, 'research/us-east-2/facade-lab') === 'pending');
    await until((l) => stateOf(l, 'research/us-east-2/facade-lab') === 'running');
    expect(seen).toEqual(['pending', 'running']);
  });

  it('a bad name is refused before any request, with the rule for names', async () => {
    const r = await launcher['computers:create'](ref, {
      name: '-lab',
      applicationId: 'lfr_jupyterlab_1_0',
      planId: 'app_standard_xl_1_0',
    });
    expect(r.ok === false && r.error).toMatchObject({ kind: 'invalid-input', name: 'InvalidResourceName' });
    expect(sim.calls({ operation: 'CreateInstances' })).toBe(0);
  });
});

describe('delete', () => {
  it('a wrong typed name cancels it; the right one deletes and the row goes', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/field-data-desktop';
    const no = await launcher['computers:delete'](id, 'field-data', { withSnapshots: true });
    expect(no.ok === false && no.error.kind).toBe('cancelled');
    // A cancelled delete sends nothing at all: not even the listing of its snapshots.
    expect(sim.calls({ operation: 'DeleteInstance' })).toBe(0);
    expect(sim.calls({ operation: 'GetInstanceSnapshots' })).toBe(0);
    expect(sim.calls({ operation: 'DeleteInstanceSnapshot' })).toBe(0);
    expect(stateOf(launcher.snapshot().list, id)).toBeDefined();
    expect(await launcher['computers:delete'](id, 'field-data-desktop', { withSnapshots: false })).toEqual({
      ok: true,
      value: null,
    });
    expect(stateOf(launcher.snapshot().list, id)).toBeUndefined();
  });

  async function snapshotsOf(computer: string): Promise<string[]> {
    const r = await launcher['snapshots:list'](`research/us-east-2/${computer}`);
    if (r.ok) return r.value.map((s) => s.name);
    // The computer is gone: list the region's snapshots through the SDK.
    const { GetInstanceSnapshotsCommand, LightsailClient } = await import('@aws-sdk/client-lightsail');
    const c = new LightsailClient({
      region: 'us-east-2',
      endpoint: sim.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    const out = await c.send(new GetInstanceSnapshotsCommand({}));
    c.destroy();
    return (out.instanceSnapshots ?? []).filter((s) => s.fromInstanceName === computer).map((s) => s.name!);
  }

  // Two snapshots of a computer, complete.
  async function snapshotTwice(id: string, names: string[]): Promise<void> {
    for (const name of names) expect((await launcher['snapshots:create'](id, { name })).ok).toBe(true);
    sim.clock.advance(MANAGE_TIMINGS.snapshotMs);
  }

  it('without its snapshots: they stay, and keep costing', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/gone-00000';
    await snapshotTwice(id, ['keep-1', 'keep-2']);
    const r = await launcher['computers:delete'](id, 'gone-00000', { withSnapshots: false });
    expect(r).toEqual({ ok: true, value: null });
    expect(sim.computer('us-east-2', 'gone-00000')).toBeUndefined();
    expect(sim.calls({ operation: 'DeleteInstanceSnapshot' })).toBe(0);
    expect((await snapshotsOf('gone-00000')).sort()).toEqual(['keep-1', 'keep-2']);
  });

  it('with its snapshots: the computer, then each snapshot, with progress', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/gone-00001';
    await snapshotTwice(id, ['del-1', 'del-2']);
    const steps: string[] = [];
    const off = launcher.on('manage:progress', (p) => void (p.computerId === id && steps.push(p.step)));
    const r = await launcher['computers:delete'](id, 'gone-00001', { withSnapshots: true });
    off();
    expect(r).toEqual({ ok: true, value: null });
    expect(steps).toEqual([
      'Deleting gone-00001…',
      expect.stringMatching(/^Deleting snapshot 1 of 2 \(del-[12]\)…$/),
      expect.stringMatching(/^Deleting snapshot 2 of 2 \(del-[12]\)…$/),
    ]);
    expect(sim.computer('us-east-2', 'gone-00001')).toBeUndefined();
    expect(await snapshotsOf('gone-00001')).toEqual([]);
    expect(stateOf(launcher.snapshot().list, id)).toBeUndefined();
  });

  it('a snapshot still being taken stops it before anything is deleted', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/gone-00002';
    expect((await launcher['snapshots:create'](id, { name: 'busy-1' })).ok).toBe(true);
    const r = await launcher['computers:delete'](id, 'gone-00002', { withSnapshots: true });
    expect(r.ok === false && r.error).toMatchObject({ name: 'SnapshotPending' });
    expect(r.ok === false && r.error.message).toMatch(/Nothing was deleted: the snapshot busy-1/);
    expect(sim.calls({ operation: 'DeleteInstance' })).toBe(0);
    expect(sim.computer('us-east-2', 'gone-00002')).toBeDefined();
    sim.clock.advance(MANAGE_TIMINGS.snapshotMs);
  });

  it('a snapshot that cannot be deleted is named with what is left, and the row still goes', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/gone-00002';
    await snapshotTwice(id, ['busy-2']);
    sim.faults.inject({ kind: 'InvalidInputException', operation: 'DeleteInstanceSnapshot', times: 1 });
    const r = await launcher['computers:delete'](id, 'gone-00002', { withSnapshots: true });
    expect(r.ok === false && r.error).toMatchObject({ name: 'SnapshotsLeft' });
    expect(r.ok === false && r.error.message).toMatch(
      /^gone-00002 was deleted, but 1 of its snapshots|^gone-00002 was deleted, but its snapshot busy-[12] was not/,
    );
    expect(r.ok === false && r.error.nextStep).toMatch(/keeps costing until deleted/);
    expect(await snapshotsOf('gone-00002')).toHaveLength(1);
    expect(sim.computer('us-east-2', 'gone-00002')).toBeUndefined();
    expect(stateOf(launcher.snapshot().list, id)).toBeUndefined();
  });
});

describe('Snapshot, then stop', () => {
  it('takes the snapshot, and stops the computer once the snapshot is complete', async () => {
    await launcher['computers:refresh']();
    const id = 'research/us-east-2/thesis-vscodium';
    const r = await launcher['snapshots:create'](id, { name: 'thesis-night', thenStop: true });
    expect(r).toEqual({ ok: true, value: { name: 'thesis-night' } });
    expect(sim.calls({ operation: 'StopInstance' })).toBe(0);
    await until((l) => stateOf(l, id) === 'stopped');
    const snaps = await launcher['snapshots:list'](id);
    expect(snaps.ok && snaps.value.map((s) => [s.name, s.state])).toEqual([['thesis-night', 'available']]);
  });
});

describe('CPU figures with 50 computers listed', () => {
  it('cost no call until asked, are cached, and stay within 10 calls a minute', async () => {
    await launcher['computers:refresh']();
    const fleet = launcher.snapshot().list.computers.filter((c) => c.region === 'ca-central-1');
    expect(fleet).toHaveLength(50);
    expect(sim.calls({ operation: 'GetInstanceMetricData' })).toBe(0);
    expect(sim.calls({ operation: 'GetInstanceSnapshots' })).toBe(0);
    const first = await launcher['cpu:get'](fleet[0]!.id);
    expect(first.ok).toBe(true);
    await launcher['cpu:get'](fleet[0]!.id);
    expect(sim.calls({ operation: 'GetInstanceMetricData' })).toBe(1);
    const rest = await Promise.all(fleet.slice(1, 15).map((c) => launcher['cpu:get'](c.id)));
    expect(sim.calls({ operation: 'GetInstanceMetricData' })).toBe(10);
    expect(rest.filter((r) => !r.ok).every((r) => !r.ok && r.error.name === 'MetricsBudget')).toBe(true);
    expect(rest.filter((r) => !r.ok)).toHaveLength(5);
  });
});

describe('AccessDenied on a write is shown with its next step', () => {
  it('snapshot now', async () => {
    await launcher['computers:refresh']();
    sim.faults.inject({ kind: 'AccessDeniedException', operation: 'CreateInstanceSnapshot' });
    const r = await launcher['snapshots:create']('research/us-east-2/stats-rstudio', {});
    expect(r.ok === false && r.error).toMatchObject({ kind: 'access-denied', name: 'AccessDeniedException' });
    expect(r.ok === false && r.error.nextStep).toMatch(/administrator/);
  });
});
