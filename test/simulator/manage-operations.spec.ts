import { describe, expect, it } from 'vitest';
import { createSimClock } from '../../electron/simulator/clock.js';
import { FaultStore } from '../../electron/simulator/faults.js';
import { MANAGE_TIMINGS, setCpuProfile } from '../../electron/simulator/manage.js';
import { OPERATIONS, type OpContext, SimError } from '../../electron/simulator/operations.js';
import { DEFAULT_TIMINGS, World } from '../../electron/simulator/state.js';

function setup() {
  const clock = createSimClock({ start: Date.UTC(2026, 0, 10), timeScale: 0 });
  const world = new World(clock, { ...DEFAULT_TIMINGS });
  const account = world.addAccount({ accessKeyId: 'AKIDLFRSIMULATOR', secretAccessKey: 's', seed: 'demo' });
  const ctx = (region: string): OpContext => ({
    world,
    account,
    region,
    faults: new FaultStore(),
    accessKeyId: account.accessKeyId,
    pageSize: 10,
    origin: 'http://127.0.0.1:1',
    issueToken: (_c, kind) => `tok-${kind}`,
  });
  // The wire answer, decoded: read loosely, as the assertions say what matters.
  const call = (op: string, input: Record<string, unknown>, region = 'us-east-2') =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    JSON.parse(JSON.stringify(OPERATIONS[op]!(input, ctx(region)))) as Record<string, any>;
  const error = (op: string, input: Record<string, unknown>): SimError => {
    try {
      call(op, input);
    } catch (e) {
      if (e instanceof SimError) return e;
      throw e;
    }
    throw new Error(`${op} did not fail`);
  };
  const state = (name: string) => call('GetInstance', { instanceName: name }).instance.state.name as string;
  return { world, account, clock, call, error, state };
}

const create = {
  availabilityZone: 'us-east-2a',
  blueprintId: 'lfr_jupyterlab_1_0',
  bundleId: 'app_standard_xl_1_0',
};

describe('plans', () => {
  it('GetBundles with appCategory LfR lists only research plans, each with its monthly price', () => {
    const { call } = setup();
    const bundles = call('GetBundles', { appCategory: 'LfR' }).bundles as {
      bundleId: string;
      price: number;
      supportedAppCategories: string[];
    }[];
    expect(bundles.map((b) => b.bundleId)).toContain('app_standard_xl_1_0');
    expect(bundles.every((b) => b.supportedAppCategories.includes('LfR') && b.price > 0)).toBe(true);
    expect(call('GetBundles', {}).bundles.length).toBeGreaterThan(bundles.length);
  });
});

describe('creating and deleting computers', () => {
  it('a new computer is pending, then running once the boot time has passed', () => {
    const { call, clock, state } = setup();
    const out = call('CreateInstances', { instanceNames: ['fresh-lab'], ...create });
    expect(out.operations[0]).toMatchObject({
      operationType: 'CreateInstance',
      resourceName: 'fresh-lab',
      status: 'Started',
    });
    expect(state('fresh-lab')).toBe('pending');
    clock.advance(DEFAULT_TIMINGS.instanceStartMs);
    expect(state('fresh-lab')).toBe('running');
  });

  it('refuses a taken name, a bad name, a zone of another region and a plan that does not fit the application', () => {
    const { error } = setup();
    expect(error('CreateInstances', { instanceNames: ['stats-rstudio'], ...create }).message).toMatch(
      /already in use/,
    );
    expect(error('CreateInstances', { instanceNames: ['bad name'], ...create }).type).toBe(
      'InvalidInputException',
    );
    expect(
      error('CreateInstances', { instanceNames: ['x-1'], ...create, availabilityZone: 'eu-west-2a' }).message,
    ).toMatch(/not in us-east-2/);
    expect(
      error('CreateInstances', { instanceNames: ['x-1'], ...create, bundleId: 'small_3_0' }).message,
    ).toMatch(/cannot be used/);
  });

  it('creates with the idle rule and auto-snapshots asked for, both listed in addOns', () => {
    const { call } = setup();
    const addOns = [
      { addOnType: 'StopInstanceOnIdle', stopInstanceOnIdleRequest: { threshold: '5', duration: '30' } },
      { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '03:00' } },
    ];
    call('CreateInstances', { instanceNames: ['ruled'], ...create, addOns });
    expect(
      call('GetInstance', { instanceName: 'ruled' })
        .instance.addOns.map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(['AutoSnapshot', 'StopInstanceOnIdle']);
  });

  it('DeleteInstance removes the computer and keeps its snapshots', () => {
    const { call, error } = setup();
    call('CreateInstanceSnapshot', { instanceName: 'stats-rstudio', instanceSnapshotName: 'keep-me' });
    call('DeleteInstance', { instanceName: 'stats-rstudio' });
    expect(error('GetInstance', { instanceName: 'stats-rstudio' }).type).toBe('NotFoundException');
    expect(call('GetInstanceSnapshots', {}).instanceSnapshots.map((s: { name: string }) => s.name)).toEqual([
      'keep-me',
    ]);
  });
});

describe('snapshots', () => {
  it('a snapshot is pending with its progress, then available, and restores into a pending computer of the same application', () => {
    const { call, clock, error, state } = setup();
    call('CreateInstanceSnapshot', { instanceName: 'thesis-vscodium', instanceSnapshotName: 'thesis-1' });
    clock.advance(MANAGE_TIMINGS.snapshotMs / 2);
    expect(call('GetInstanceSnapshot', { instanceSnapshotName: 'thesis-1' }).instanceSnapshot).toMatchObject({
      state: 'pending',
      progress: '50%',
      fromInstanceName: 'thesis-vscodium',
      sizeInGb: 50,
    });
    expect(
      error('CreateInstancesFromSnapshot', {
        instanceNames: ['thesis-2'],
        availabilityZone: 'us-east-2a',
        instanceSnapshotName: 'thesis-1',
        bundleId: 'app_standard_xl_1_0',
      }).message,
    ).toMatch(/not available yet/);
    expect(error('DeleteInstanceSnapshot', { instanceSnapshotName: 'thesis-1' }).message).toMatch(
      /still being created/,
    );
    clock.advance(MANAGE_TIMINGS.snapshotMs / 2);
    expect(call('GetInstanceSnapshot', { instanceSnapshotName: 'thesis-1' }).instanceSnapshot.state).toBe(
      'available',
    );
    call('CreateInstancesFromSnapshot', {
      instanceNames: ['thesis-2'],
      availabilityZone: 'us-east-2a',
      instanceSnapshotName: 'thesis-1',
      bundleId: 'app_standard_2xl_1_0',
    });
    expect(call('GetInstance', { instanceName: 'thesis-2' }).instance).toMatchObject({
      blueprintId: 'lfr_vscodium_1_0',
      bundleId: 'app_standard_2xl_1_0',
    });
    expect(state('thesis-2')).toBe('pending');
    call('DeleteInstanceSnapshot', { instanceSnapshotName: 'thesis-1' });
    expect(error('GetInstanceSnapshot', { instanceSnapshotName: 'thesis-1' }).type).toBe('NotFoundException');
  });

  it('AutoSnapshot is enabled at an hour and disabled again', () => {
    const { call, error } = setup();
    call('EnableAddOn', {
      resourceName: 'stats-rstudio',
      addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '04:00' } },
    });
    expect(call('GetInstance', { instanceName: 'stats-rstudio' }).instance.addOns).toEqual([
      { name: 'AutoSnapshot', status: 'Enabled', snapshotTimeOfDay: '04:00', nextSnapshotTimeOfDay: '04:00' },
    ]);
    call('DisableAddOn', { resourceName: 'stats-rstudio', addOnType: 'AutoSnapshot' });
    expect(call('GetInstance', { instanceName: 'stats-rstudio' }).instance.addOns).toEqual([]);
    expect(
      error('EnableAddOn', {
        resourceName: 'stats-rstudio',
        addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '04:30' } },
      }).message,
    ).toMatch(/HH:00/);
  });
});

describe('disks', () => {
  it('a disk is created, attached (listed on the computer), refused a detach while the computer runs, detached and deleted', () => {
    const { call, clock, error } = setup();
    call('CreateDisk', { diskName: 'data-1', availabilityZone: 'us-east-2a', sizeInGb: 64 });
    expect(call('GetDisk', { diskName: 'data-1' }).disk.state).toBe('pending');
    expect(
      error('AttachDisk', { diskName: 'data-1', instanceName: 'stats-rstudio', diskPath: '/dev/xvdf' })
        .message,
    ).toMatch(/not available/);
    clock.advance(MANAGE_TIMINGS.diskCreateMs);
    call('AttachDisk', { diskName: 'data-1', instanceName: 'stats-rstudio', diskPath: '/dev/xvdf' });
    expect(call('GetDisk', { diskName: 'data-1' }).disk).toMatchObject({
      state: 'in-use',
      attachmentState: 'attaching',
      attachedTo: 'stats-rstudio',
    });
    clock.advance(MANAGE_TIMINGS.diskAttachMs);
    expect(
      call('GetInstance', { instanceName: 'stats-rstudio' }).instance.hardware.disks.map(
        (d: { name?: string }) => d.name,
      ),
    ).toContain('data-1');
    expect(error('DeleteDisk', { diskName: 'data-1' }).message).toMatch(/detached/);
    expect(error('DetachDisk', { diskName: 'data-1' }).message).toMatch(/Stop the instance/);
    call('StopInstance', { instanceName: 'stats-rstudio' });
    clock.advance(DEFAULT_TIMINGS.instanceStopMs);
    call('DetachDisk', { diskName: 'data-1' });
    clock.advance(MANAGE_TIMINGS.diskAttachMs);
    expect(call('GetDisk', { diskName: 'data-1' }).disk).toMatchObject({
      state: 'available',
      attachmentState: 'detached',
      isAttached: false,
    });
    call('DeleteDisk', { diskName: 'data-1' });
    expect(call('GetDisks', {}).disks).toEqual([]);
  });
});

describe('CPU metrics', () => {
  it('follow the CPU profile, hour by hour, and report nothing while the computer is stopped', () => {
    const { call, clock, world, account } = setup();
    const c = world.find(account, 'us-east-2', 'stats-rstudio')!;
    setCpuProfile(
      account,
      c,
      Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 17 ? 60 : 1)),
    );
    const day = Date.UTC(2026, 0, 10) / 1000;
    clock.advance(86_400_000);
    const q = {
      instanceName: 'stats-rstudio',
      metricName: 'CPUUtilization',
      period: 3600,
      startTime: day,
      endTime: day + 86_400,
      unit: 'Percent',
      statistics: ['Average'],
    };
    const points = call('GetInstanceMetricData', q).metricData as { average: number; timestamp: number }[];
    expect(points).toHaveLength(24);
    expect(points.find((p) => p.timestamp === day + 10 * 3600)!.average).toBe(60);
    expect(points.find((p) => p.timestamp === day + 20 * 3600)!.average).toBe(1);
    call('StopInstance', { instanceName: 'stats-rstudio' });
    clock.advance(86_400_000);
    expect(
      call('GetInstanceMetricData', { ...q, startTime: day + 86_400 + 3600, endTime: day + 2 * 86_400 })
        .metricData,
    ).toEqual([]);
  });

  it('refuses other metrics, odd periods and more than 1440 datapoints', () => {
    const { error } = setup();
    const q = {
      instanceName: 'stats-rstudio',
      metricName: 'CPUUtilization',
      period: 60,
      startTime: 0,
      endTime: 86_400 * 2,
      unit: 'Percent',
      statistics: ['Average'],
    };
    expect(error('GetInstanceMetricData', q).message).toMatch(/1440/);
    expect(error('GetInstanceMetricData', { ...q, period: 90 }).message).toMatch(/multiple of 60/);
    expect(error('GetInstanceMetricData', { ...q, metricName: 'NetworkIn' }).message).toMatch(
      /CPUUtilization/,
    );
  });
});
