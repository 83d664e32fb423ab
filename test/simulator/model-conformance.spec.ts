import { describe, expect, it } from 'vitest';
import { createSimClock } from '../../electron/simulator/clock.js';
import { FaultStore } from '../../electron/simulator/faults.js';
import { OPERATIONS, type OpContext } from '../../electron/simulator/operations.js';
import { DEFAULT_TIMINGS, World } from '../../electron/simulator/state.js';
import { conformance, enumMembers, operationSchema } from './service-model.js';

function world() {
  const clock = createSimClock({ start: Date.UTC(2026, 2, 15, 12), timeScale: 0 });
  const w = new World(clock, { ...DEFAULT_TIMINGS });
  const account = w.addAccount({ accessKeyId: 'AKIDLFRSIMULATOR', secretAccessKey: 's', seed: 'demo' });
  const ctx = (region: string): OpContext => ({
    world: w,
    account,
    region,
    faults: new FaultStore(),
    accessKeyId: account.accessKeyId,
    pageSize: 10,
    origin: 'http://127.0.0.1:1',
    issueToken: (_c, kind) => `tok-${kind}`,
  });
  // What travels is JSON: check the decoded wire form, as a client would receive it.
  const call = (op: string, input: Record<string, unknown>, region = 'us-east-2'): unknown =>
    JSON.parse(JSON.stringify(OPERATIONS[op]!(input, ctx(region))));
  return { clock, call };
}

const start = Date.UTC(2026, 2, 1) / 1000;

// Each operation the simulator serves, with inputs that make its response as full as it gets.
const CASES: Record<string, { input: Record<string, unknown>; region?: string }[]> = {
  GetRegions: [
    { input: { includeAvailabilityZones: true, includeRelationalDatabaseAvailabilityZones: true } },
  ],
  GetBlueprints: [{ input: {} }, { input: { appCategory: 'LfR' } }],
  GetBundles: [{ input: {} }, { input: { appCategory: 'LfR', includeInactive: true } }],
  GetInstances: [{ input: {} }, { input: {}, region: 'eu-west-2' }],
  GetInstance: [
    { input: { instanceName: 'genomics-notebook' } },
    { input: { instanceName: 'model-training-gpu' } },
    { input: { instanceName: 'lab-website' } },
  ],
  GetInstanceState: [{ input: { instanceName: 'stats-rstudio' } }],
  StartInstance: [{ input: { instanceName: 'model-training-gpu' } }],
  StopInstance: [{ input: { instanceName: 'thesis-vscodium' } }],
  StartGUISession: [{ input: { resourceName: 'stats-rstudio' } }],
  StopGUISession: [{ input: { resourceName: 'genomics-notebook' } }],
  CreateGUISessionAccessDetails: [
    { input: { resourceName: 'field-data-desktop' } },
    { input: { resourceName: 'survey-analysis' }, region: 'eu-west-2' },
  ],
  GetCostEstimate: [
    { input: { resourceName: 'stats-rstudio', startTime: start, endTime: start + 14 * 86_400 } },
  ],
  EnableAddOn: [
    {
      input: {
        resourceName: 'tokyo-notebook',
        addOnRequest: {
          addOnType: 'StopInstanceOnIdle',
          stopInstanceOnIdleRequest: { threshold: '5', duration: '30' },
        },
      },
      region: 'ap-northeast-1',
    },
  ],
  DisableAddOn: [
    { input: { resourceName: 'tokyo-notebook', addOnType: 'StopInstanceOnIdle' }, region: 'ap-northeast-1' },
    { input: { resourceName: 'genomics-notebook', addOnType: 'AutoSnapshot' } },
  ],
  CreateInstances: [
    {
      input: {
        instanceNames: ['new-one'],
        availabilityZone: 'us-east-2a',
        blueprintId: 'lfr_rstudio_1_0',
        bundleId: 'app_standard_xl_1_0',
      },
    },
  ],
  DeleteInstance: [{ input: { instanceName: 'ci-runner-2' } }],
  CreateInstanceSnapshot: [{ input: { instanceName: 'stats-rstudio', instanceSnapshotName: 'stats-2' } }],
  GetInstanceSnapshots: [{ input: {} }],
  GetInstanceSnapshot: [{ input: { instanceSnapshotName: 'genomics-1' } }],
  CreateInstancesFromSnapshot: [
    {
      input: {
        instanceNames: ['genomics-copy'],
        availabilityZone: 'us-east-2a',
        instanceSnapshotName: 'genomics-1',
        bundleId: 'app_standard_xl_1_0',
      },
    },
  ],
  DeleteInstanceSnapshot: [{ input: { instanceSnapshotName: 'genomics-1' } }],
  GetDisks: [{ input: {} }],
  GetDisk: [{ input: { diskName: 'data-1' } }],
  CreateDisk: [{ input: { diskName: 'data-2', availabilityZone: 'us-east-2a', sizeInGb: 32 } }],
  AttachDisk: [{ input: { diskName: 'spare-1', instanceName: 'stats-rstudio', diskPath: '/dev/xvdg' } }],
  DetachDisk: [{ input: { diskName: 'data-1' } }],
  DeleteDisk: [{ input: { diskName: 'spare-1' } }],
  GetInstanceMetricData: [
    {
      input: {
        instanceName: 'genomics-notebook',
        metricName: 'CPUUtilization',
        period: 300,
        startTime: start + 5 * 86_400,
        endTime: start + 6 * 86_400,
        unit: 'Percent',
        statistics: ['Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum'],
      },
    },
  ],
};

describe('the service model the checker reads', () => {
  it('comes from the SDK: its operation schemas and its enum-typed members', () => {
    expect(operationSchema('GetInstance').output.getName()).toBe('GetInstanceResult');
    expect(enumMembers().get('InstancePortInfo.accessType')).toEqual(
      expect.arrayContaining(['Public', 'Private']),
    );
    expect(enumMembers().get('EstimateByTime.currency')).toContain('USD');
    expect(() => operationSchema('NoSuchOperation')).toThrow(/no operation/);
  });

  it('catches what the model forbids: a wrongly spelled enum, an unknown member, a wrong type', () => {
    const { output } = operationSchema('GetInstance');
    const port = { fromPort: 22, toPort: 22, protocol: 'tcp', accessType: 'public' };
    expect(conformance(output, { instance: { name: 'x', networking: { ports: [port] } } })).toEqual([
      expect.stringContaining('$.instance.networking.ports[0].accessType'),
    ]);
    expect(conformance(output, { instance: { name: 'x', nickname: 'y' } })).toEqual([
      expect.stringContaining('no member nickname'),
    ]);
    expect(conformance(output, { instance: { name: 'x', createdAt: '2026-01-01' } })).toEqual([
      expect.stringContaining('epoch seconds'),
    ]);
    expect(conformance(output, { instance: { name: 'x', hardware: { cpuCount: '4' } } })).toEqual([
      expect.stringContaining('expected a number'),
    ]);
  });
});

describe('simulator responses against the model', () => {
  it('covers every operation the simulator serves', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  for (const [op, cases] of Object.entries(CASES)) {
    it(`${op} answers in the model's shape`, () => {
      const { clock, call } = world();
      // A rule in place, so addOns is not empty in GetInstance(s).
      call('EnableAddOn', {
        resourceName: 'genomics-notebook',
        addOnRequest: {
          addOnType: 'StopInstanceOnIdle',
          stopInstanceOnIdleRequest: { threshold: '3', duration: '45' },
        },
      });
      // An AutoSnapshot add-on, a snapshot and disks (one attached to a stopped computer, one spare), so lists are not empty.
      call('EnableAddOn', {
        resourceName: 'genomics-notebook',
        addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' } },
      });
      call('CreateInstanceSnapshot', {
        instanceName: 'genomics-notebook',
        instanceSnapshotName: 'genomics-1',
      });
      call('CreateDisk', { diskName: 'data-1', availabilityZone: 'us-east-2a', sizeInGb: 64 });
      call('CreateDisk', { diskName: 'spare-1', availabilityZone: 'us-east-2a', sizeInGb: 8 });
      clock.advance(3_600_000);
      call('AttachDisk', { diskName: 'data-1', instanceName: 'model-training-gpu', diskPath: '/dev/xvdf' });
      clock.advance(6 * 86_400_000);
      for (const { input, region } of cases) {
        const out = call(op, input, region);
        expect(conformance(operationSchema(op).output, out)).toEqual([]);
      }
    });
  }

  it('GetInstance carries the idle rule in addOns, spelled as the model spells it', () => {
    const { call } = world();
    call('EnableAddOn', {
      resourceName: 'genomics-notebook',
      addOnRequest: {
        addOnType: 'StopInstanceOnIdle',
        stopInstanceOnIdleRequest: { threshold: '3', duration: '45' },
      },
    });
    const out = call('GetInstance', { instanceName: 'genomics-notebook' }) as {
      instance: { addOns: unknown[]; networking: { ports: { accessType: string }[] } };
    };
    expect(out.instance.addOns).toEqual([
      { name: 'StopInstanceOnIdle', status: 'Enabled', threshold: '3', duration: '45' },
    ]);
    expect(out.instance.networking.ports.every((p) => p.accessType === 'Public')).toBe(true);
  });
});
