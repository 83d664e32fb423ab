// Creating, deleting, snapshots, disks and CPU figures through the core's modules, with the real
// SDK against the simulator, on the simulator's clock (it runs only when the test advances it).
import { GetInstancesCommand, type LightsailClient } from '@aws-sdk/client-lightsail';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { idleRulePreview, fetchCpu } from '../../electron/core/cpu-metrics.js';
import { attachDisk, createDisk, deleteDisk, detachDisk, listDisks } from '../../electron/core/disks.js';
import { createClientFactory, type LightsailClientFactory } from '../../electron/core/lightsail-client.js';
import {
  createComputer,
  deleteComputer,
  listApplications,
  listPlans,
  waitUntilRunning,
} from '../../electron/core/manage-computers.js';
import type { Clock } from '../../electron/core/ports.js';
import {
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  restoreSnapshot,
  setAutoSnapshot,
  waitForSnapshot,
} from '../../electron/core/snapshots.js';
import { idlePreviewLabel } from '../../electron/shared/manage.js';
import type { LauncherError } from '../../electron/shared/models.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
let factory: LightsailClientFactory;
let client: LightsailClient;
const ctx = { profile: 'research', region: 'us-east-2' };
const target = (name: string) => ({ name, ...ctx });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo', timeScale: 0 });
  factory = createClientFactory({
    credentialsFor: () => async () => ({ ...TEST_CREDENTIALS }),
    env: {},
    endpoint: sim.endpoint,
    maxAttempts: 1,
  });
  client = factory.client('research', 'us-east-2');
});
afterEach(() => {
  sim.faults.clear();
  sim.resetCalls();
});
afterAll(async () => {
  factory.dispose();
  await sim.close();
});

// The core's waits sleep on the simulator's clock: a poll moves simulated time, not real time.
const simClock: Clock = { now: () => sim.clock.now(), sleep: async (ms) => sim.clock.advance(ms) };

async function names(): Promise<string[]> {
  const out = await client.send(new GetInstancesCommand({}));
  const all = (out.instances ?? []).map((i) => i.name!);
  const next = out.nextPageToken
    ? await client.send(new GetInstancesCommand({ pageToken: out.nextPageToken }))
    : undefined;
  return [...all, ...(next?.instances ?? []).map((i) => i.name!)];
}

function failed(r: { ok: boolean; error?: LauncherError }): LauncherError {
  if (r.ok || !r.error) throw new Error('expected a failure');
  return r.error;
}

describe('a new computer', () => {
  it('offers the LfR applications and plans with prices per hour and month', async () => {
    const apps = await listApplications(client, ctx);
    const plans = await listPlans(client, ctx);
    expect(apps.ok && apps.value.map((a) => a.name)).toContain('JupyterLab');
    expect(plans.ok && plans.value[0]).toMatchObject({
      id: 'app_standard_xl_1_0',
      pricePerMonth: 30.16,
      pricePerHour: 0.0413,
    });
    expect(plans.ok && plans.value.every((p) => !p.id.startsWith('small'))).toBe(true);
  });

  it('is created, reported pending then running, and listed', async () => {
    const made = await createComputer(client, ctx, {
      name: 'new-lab',
      applicationId: 'lfr_rstudio_1_0',
      planId: 'app_standard_xl_1_0',
      idleRule: { thresholdPercent: 5, durationMinutes: 30 },
    });
    expect(made.ok).toBe(true);
    const states: string[] = [];
    const ran = await waitUntilRunning(client, target('new-lab'), simClock, {
      pollMs: 5_000,
      onState: (s) => states.push(s),
    });
    expect(ran.ok).toBe(true);
    expect(states).toEqual(['pending', 'running']);
    expect(await names()).toContain('new-lab');
    expect(sim.computer('us-east-2', 'new-lab')?.idleRule).toEqual({
      thresholdPercent: 5,
      durationMinutes: 30,
    });
  });

  it('with a name Lightsail would refuse is refused before any request is sent', async () => {
    const r = await createComputer(client, ctx, {
      name: 'my lab!',
      applicationId: 'lfr_rstudio_1_0',
      planId: 'app_standard_xl_1_0',
    });
    expect(failed(r)).toMatchObject({ kind: 'invalid-input', name: 'InvalidResourceName' });
    expect(failed(r).message).toMatch(/letters, digits/);
    expect(sim.calls({ operation: 'CreateInstances' })).toBe(0);
  });

  it('with a name already taken shows Lightsail\u2019s refusal', async () => {
    const r = await createComputer(client, ctx, {
      name: 'stats-rstudio',
      applicationId: 'lfr_rstudio_1_0',
      planId: 'app_standard_xl_1_0',
    });
    expect(failed(r)).toMatchObject({ kind: 'invalid-input', name: 'InvalidInputException' });
    expect(failed(r).message).toMatch(/already in use/);
  });
});

describe('deleting a computer', () => {
  it('is cancelled when the typed name differs: no request, the computer stays', async () => {
    const r = await deleteComputer(client, target('ci-runner-1'), 'ci-runner');
    expect(failed(r)).toMatchObject({ kind: 'cancelled', name: 'NotConfirmed' });
    expect(sim.calls({ operation: 'DeleteInstance' })).toBe(0);
    expect(await names()).toContain('ci-runner-1');
  });

  it('deletes when the name is typed; the computer is gone from the list', async () => {
    expect((await deleteComputer(client, target('ci-runner-2'), 'ci-runner-2')).ok).toBe(true);
    expect(await names()).not.toContain('ci-runner-2');
  });
});

describe('snapshots', () => {
  it('taken, followed to available, restored into a new computer that lists and opens its session', async () => {
    expect((await createSnapshot(client, target('thesis-vscodium'), 'thesis-before')).ok).toBe(true);
    const progress: string[] = [];
    const done = await waitForSnapshot(client, ctx, 'thesis-before', simClock, {
      pollMs: 30_000,
      onProgress: (s) => progress.push(s.state),
    });
    expect(done.ok && done.value).toMatchObject({
      state: 'available',
      fromComputer: 'thesis-vscodium',
      sizeGb: 50,
    });
    expect(progress[0]).toBe('pending');
    const listed = await listSnapshots(client, ctx, 'thesis-vscodium');
    expect(listed.ok && listed.value.map((s) => s.name)).toEqual(['thesis-before']);

    const restored = await restoreSnapshot(
      client,
      ctx,
      done.ok ? done.value : { name: '', planId: '' },
      'thesis-restored',
    );
    expect(restored.ok).toBe(true);
    expect((await waitUntilRunning(client, target('thesis-restored'), simClock)).ok).toBe(true);
    expect(await names()).toContain('thesis-restored');
    expect(sim.computer('us-east-2', 'thesis-restored')).toMatchObject({
      blueprintId: 'lfr_vscodium_1_0',
      research: true,
      state: 'running',
    });
    // It opens: a GUI session starts and its access details carry the two sessions.
    const { StartGUISessionCommand, CreateGUISessionAccessDetailsCommand } =
      await import('@aws-sdk/client-lightsail');
    await client.send(new StartGUISessionCommand({ resourceName: 'thesis-restored' }));
    sim.clock.advance(120_000);
    const access = await client.send(
      new CreateGUISessionAccessDetailsCommand({ resourceName: 'thesis-restored' }),
    );
    expect(access.status).toBe('started');
    expect(access.sessions?.find((s) => s.isPrimary)?.name).toBe('VSCodium');

    expect((await deleteSnapshot(client, ctx, 'thesis-before')).ok).toBe(true);
    const after = await listSnapshots(client, ctx, 'thesis-vscodium');
    expect(after.ok && after.value).toEqual([]);
  });

  it('automatic snapshots are turned on at an hour and off again', async () => {
    expect((await setAutoSnapshot(client, target('stats-rstudio'), '05:00')).ok).toBe(true);
    const { GetInstanceCommand } = await import('@aws-sdk/client-lightsail');
    const on = await client.send(new GetInstanceCommand({ instanceName: 'stats-rstudio' }));
    expect(on.instance?.addOns?.find((a) => a.name === 'AutoSnapshot')?.snapshotTimeOfDay).toBe('05:00');
    expect((await setAutoSnapshot(client, target('stats-rstudio'), null)).ok).toBe(true);
    const off = await client.send(new GetInstanceCommand({ instanceName: 'stats-rstudio' }));
    expect(off.instance?.addOns?.some((a) => a.name === 'AutoSnapshot')).toBe(false);
  });

  it('a snapshot name Lightsail would refuse is refused before sending', async () => {
    expect(failed(await createSnapshot(client, target('stats-rstudio'), 'before upgrade'))).toMatchObject({
      kind: 'invalid-input',
    });
    expect(sim.calls({ operation: 'CreateInstanceSnapshot' })).toBe(0);
  });
});

describe('disks', () => {
  it('created, attached, detached once the computer is stopped, and deleted', async () => {
    expect((await createDisk(client, ctx, 'scratch-1', 32)).ok).toBe(true);
    sim.clock.advance(60_000);
    expect((await attachDisk(client, ctx, 'scratch-1', 'field-data-desktop')).ok).toBe(true);
    sim.clock.advance(60_000);
    let disks = await listDisks(client, ctx);
    expect(disks.ok && disks.value).toEqual([
      expect.objectContaining({
        name: 'scratch-1',
        state: 'in-use',
        attachedTo: 'field-data-desktop',
        attachmentState: 'attached',
        pricePerMonth: 3.2,
      }),
    ]);

    const early = await detachDisk(client, ctx, 'scratch-1');
    expect(failed(early).message).toMatch(/Stop the instance/);
    const { StopInstanceCommand } = await import('@aws-sdk/client-lightsail');
    await client.send(new StopInstanceCommand({ instanceName: 'field-data-desktop' }));
    sim.clock.advance(60_000);
    expect((await detachDisk(client, ctx, 'scratch-1')).ok).toBe(true);
    sim.clock.advance(60_000);
    disks = await listDisks(client, ctx);
    expect(disks.ok && disks.value[0]).toMatchObject({ state: 'available', attachmentState: 'detached' });
    expect(disks.ok && disks.value[0]?.attachedTo).toBeUndefined();
    expect((await deleteDisk(client, ctx, 'scratch-1')).ok).toBe(true);
    disks = await listDisks(client, ctx);
    expect(disks.ok && disks.value).toEqual([]);
  });
});

describe('CPU figures and the idle-rule preview', () => {
  it('a day of figures follows the computer\u2019s load, and the preview says when the rule would have stopped it', async () => {
    // Busy 08:00–14:00 and 16:00–22:00 UTC, idle otherwise (five-minute slots).
    const day = Array.from({ length: 288 }, (_, i) =>
      (i >= 96 && i < 168) || (i >= 192 && i < 264) ? 40 : 1,
    );
    sim.setCpuProfile('eu-west-2', 'survey-analysis', day);
    const eu = factory.client('research', 'eu-west-2');
    const midnight = Math.ceil(sim.clock.now() / 86_400_000) * 86_400_000;
    sim.clock.advance(midnight + 86_400_000 - sim.clock.now());
    const cpu = await fetchCpu(
      eu,
      { name: 'survey-analysis', profile: 'research', region: 'eu-west-2' },
      sim.clock.now(),
      24,
    );
    if (!cpu.ok) throw new Error(cpu.error.message);
    expect(cpu.value).toHaveLength(288);
    expect(cpu.value.find((p) => new Date(p.at).getUTCHours() === 10)?.percent).toBe(40);
    const preview = idleRulePreview(cpu.value, { thresholdPercent: 5, durationMinutes: 65 });
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    expect(preview.stops.map(hhmm)).toEqual(['01:05', '15:05', '23:05']);
    expect(idlePreviewLabel(preview, 24, hhmm)).toBe(
      'Over the last 24 hours this rule would have stopped it 3 times, after 01:05, 15:05 and 23:05.',
    );
    expect(sim.calls({ operation: 'GetInstanceMetricData' })).toBe(1);
  });
});

describe('AccessDenied on each write is shown with its next step', () => {
  const writes: [string, () => Promise<{ ok: boolean; error?: LauncherError }>][] = [
    [
      'CreateInstances',
      () =>
        createComputer(client, ctx, {
          name: 'denied-lab',
          applicationId: 'lfr_rstudio_1_0',
          planId: 'app_standard_xl_1_0',
        }),
    ],
    ['DeleteInstance', () => deleteComputer(client, target('bastion'), 'bastion')],
    ['CreateInstanceSnapshot', () => createSnapshot(client, target('stats-rstudio'), 'denied-snap')],
    [
      'CreateInstancesFromSnapshot',
      () => restoreSnapshot(client, ctx, { name: 'any-snap', planId: 'app_standard_xl_1_0' }, 'denied-copy'),
    ],
    ['DeleteInstanceSnapshot', () => deleteSnapshot(client, ctx, 'any-snap')],
    ['EnableAddOn', () => setAutoSnapshot(client, target('stats-rstudio'), '04:00')],
    ['DisableAddOn', () => setAutoSnapshot(client, target('stats-rstudio'), null)],
    ['CreateDisk', () => createDisk(client, ctx, 'denied-disk', 16)],
    ['AttachDisk', () => attachDisk(client, ctx, 'any-disk', 'stats-rstudio')],
    ['DetachDisk', () => detachDisk(client, ctx, 'any-disk')],
    ['DeleteDisk', () => deleteDisk(client, ctx, 'any-disk')],
  ];
  for (const [operation, run] of writes) {
    it(operation, async () => {
      sim.faults.inject({ kind: 'AccessDeniedException', operation });
      const e = failed(await run());
      expect(e).toMatchObject({
        kind: 'access-denied',
        name: 'AccessDeniedException',
        profile: 'research',
        region: 'us-east-2',
      });
      expect(e.nextStep).toMatch(/administrator/);
      expect(sim.calls({ operation })).toBe(1);
    });
  }
});
