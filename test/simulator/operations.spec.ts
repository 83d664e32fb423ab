import { describe, expect, it } from 'vitest';
import { createSimClock } from '../../electron/simulator/clock.js';
import { FaultStore } from '../../electron/simulator/faults.js';
import { OPERATIONS, type OpContext, SimError } from '../../electron/simulator/operations.js';
import { DEFAULT_TIMINGS, World } from '../../electron/simulator/state.js';

function setup(pageSize = 10) {
  const clock = createSimClock({ start: Date.UTC(2026, 0, 10) });
  const world = new World(clock, { ...DEFAULT_TIMINGS });
  const account = world.addAccount({ accessKeyId: 'AKIDLFRSIMULATOR', secretAccessKey: 's', seed: 'demo' });
  const faults = new FaultStore();
  const ctx = (region: string): OpContext => ({
    world,
    account,
    region,
    faults,
    accessKeyId: account.accessKeyId,
    pageSize,
    origin: 'http://127.0.0.1:1',
    issueToken: (_c, kind) => `tok-${kind}`,
  });
  const call = (op: string, input: Record<string, unknown>, region = 'us-east-2') =>
    OPERATIONS[op]!(input, ctx(region)) as Record<string, unknown>;
  const error = (op: string, input: Record<string, unknown>, region = 'us-east-2'): SimError => {
    try {
      call(op, input, region);
    } catch (e) {
      if (e instanceof SimError) return e;
      throw e;
    }
    throw new Error(`${op} did not fail`);
  };
  return { world, clock, faults, call, error };
}

describe('request validation', () => {
  it('refuses a resource name outside \\w[\\w-]*\\w with InvalidInputException', () => {
    const { error } = setup();
    for (const [op, field] of [
      ['GetInstance', 'instanceName'],
      ['GetInstanceState', 'instanceName'],
      ['StartInstance', 'instanceName'],
      ['StopInstance', 'instanceName'],
      ['StartGUISession', 'resourceName'],
      ['StopGUISession', 'resourceName'],
      ['CreateGUISessionAccessDetails', 'resourceName'],
    ] as const) {
      for (const bad of ['a', 'bad name', '-lead', 'trail-', 'semi;colon', 7]) {
        const e = error(op, { [field]: bad });
        expect(e.type).toBe('InvalidInputException');
        expect(e.message).toContain(field);
      }
      const missing = error(op, {});
      expect(missing.type).toBe('InvalidInputException');
      expect(missing.message).toMatch(/must not be null/);
    }
  });

  it('reports an unknown computer as NotFoundException, per region', () => {
    const { call, error } = setup();
    expect(error('GetInstance', { instanceName: 'no-such-computer' })).toMatchObject({
      type: 'NotFoundException',
      status: 400,
    });
    // survey-analysis lives in eu-west-2 only.
    expect(error('GetInstance', { instanceName: 'survey-analysis' }, 'us-east-2').type).toBe(
      'NotFoundException',
    );
    expect(
      (call('GetInstance', { instanceName: 'survey-analysis' }, 'eu-west-2')['instance'] as { name: string })
        .name,
    ).toBe('survey-analysis');
  });

  it('checks GetCostEstimate times and appCategory values', () => {
    const { error } = setup();
    expect(error('GetCostEstimate', { resourceName: 'stats-rstudio', startTime: 100 }).message).toMatch(
      /endTime/,
    );
    expect(
      error('GetCostEstimate', { resourceName: 'stats-rstudio', startTime: 200, endTime: 100 }).type,
    ).toBe('InvalidInputException');
    expect(error('GetBlueprints', { appCategory: 'Games' }).type).toBe('InvalidInputException');
    expect(error('GetInstances', { pageToken: 'not-a-token' }).type).toBe('InvalidInputException');
  });
});

describe('responses', () => {
  it('GetBlueprints with appCategory LfR lists only research blueprints', () => {
    const { call } = setup();
    const lfr = call('GetBlueprints', { appCategory: 'LfR' })['blueprints'] as { appCategory?: string }[];
    const all = call('GetBlueprints', {})['blueprints'] as { appCategory?: string }[];
    expect(lfr.length).toBeGreaterThanOrEqual(4);
    expect(lfr.every((b) => b.appCategory === 'LfR')).toBe(true);
    expect(all.length).toBeGreaterThan(0);
  });

  it('GetBlueprints shows LfR blueprints only with appCategory LfR, and retired ones only with includeInactive', () => {
    const { call } = setup();
    const ids = (input: Record<string, unknown>) =>
      (call('GetBlueprints', input)['blueprints'] as { blueprintId: string; isActive: boolean }[]).map(
        (b) => b.blueprintId,
      );
    // "You must use this parameter to view Lightsail for Research blueprints."
    expect(ids({}).some((id) => id.startsWith('lfr_'))).toBe(false);
    expect(ids({})).toContain('wordpress');
    expect(ids({ appCategory: 'LfR' })).toContain('lfr_ubuntu_1_0');
    expect(ids({ appCategory: 'LfR' })).not.toContain('lfr_jupyterlab_0_9');
    expect(ids({ appCategory: 'LfR', includeInactive: true })).toContain('lfr_jupyterlab_0_9');
    // Every LfR id has the real form: lfr_<product>_<major>_<minor>.
    expect(
      ids({ appCategory: 'LfR', includeInactive: true }).every((id) =>
        /^lfr_[a-z]+(_[a-z]+)*_\d+_\d+$/.test(id),
      ),
    ).toBe(true);
  });

  it('GetInstances pages through every instance exactly once', () => {
    const { call } = setup(4);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = call('GetInstances', token ? { pageToken: token } : {});
      pages++;
      names.push(...(page['instances'] as { name: string }[]).map((i) => i.name));
      token = page['nextPageToken'] as string | undefined;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('genomics-notebook');
    expect(names).toContain('lab-website');
  });

  it('StartInstance boots a stopped computer and GetInstanceState follows it', () => {
    const { call, clock } = setup();
    expect(call('GetInstanceState', { instanceName: 'model-training-gpu' })['state']).toEqual({
      code: 80,
      name: 'stopped',
    });
    const ops = call('StartInstance', { instanceName: 'model-training-gpu' })['operations'] as {
      operationType: string;
      status: string;
    }[];
    expect(ops[0]).toMatchObject({ operationType: 'StartInstance', status: 'Started' });
    expect(call('GetInstanceState', { instanceName: 'model-training-gpu' })['state']).toEqual({
      code: 0,
      name: 'pending',
    });
    clock.advance(DEFAULT_TIMINGS.instanceStartMs);
    expect(call('GetInstanceState', { instanceName: 'model-training-gpu' })['state']).toEqual({
      code: 16,
      name: 'running',
    });
  });

  it('CreateGUISessionAccessDetails returns the two sessions only once started', () => {
    const { call, clock } = setup();
    call('StartGUISession', { resourceName: 'stats-rstudio' });
    const early = call('CreateGUISessionAccessDetails', { resourceName: 'stats-rstudio' });
    expect(early).toMatchObject({ resourceName: 'stats-rstudio', status: 'settingUpInstance', sessions: [] });
    clock.advance(DEFAULT_TIMINGS.sessionSetupMs);
    const ready = call('CreateGUISessionAccessDetails', { resourceName: 'stats-rstudio' });
    expect(ready).toMatchObject({ status: 'started', percentageComplete: 100 });
    const sessions = ready['sessions'] as { name: string; url: string; isPrimary: boolean }[];
    expect(sessions.map((s) => s.isPrimary)).toEqual([true, false]);
    expect(sessions[0]!.url).toBe(
      'http://127.0.0.1:1/dcv/us-east-2/stats-rstudio/app?authToken=tok-app#stats-rstudio-app',
    );
    expect(sessions[1]!.url).toBe(
      'http://127.0.0.1:1/dcv/us-east-2/stats-rstudio/desktop?authToken=tok-desktop#stats-rstudio-desktop',
    );
    expect(sessions[0]!.name).toBe('RStudio');
  });

  it('a session fault makes CreateGUISessionAccessDetails report the failure and its reason', () => {
    const { call, faults } = setup();
    faults.inject({
      kind: 'failedInstanceCreation',
      computer: 'thesis-vscodium',
      failureReason: 'Insufficient capacity',
      times: 1,
    });
    call('StartGUISession', { resourceName: 'thesis-vscodium' });
    expect(call('CreateGUISessionAccessDetails', { resourceName: 'thesis-vscodium' })).toMatchObject({
      status: 'failedInstanceCreation',
      failureReason: 'Insufficient capacity',
      sessions: [],
    });
    // Only that computer is affected.
    expect(call('CreateGUISessionAccessDetails', { resourceName: 'stats-rstudio' })['status']).toBe(
      'notStarted',
    );
  });

  it('GetCostEstimate prices the plan per day in USD', () => {
    const { call } = setup();
    const day = 86_400;
    const start = Date.UTC(2026, 0, 7) / 1000;
    const out = call(
      'GetCostEstimate',
      { resourceName: 'imaging-gpu', startTime: start, endTime: start + 2 * day },
      'eu-west-2',
    );
    const est = (
      out['resourcesBudgetEstimate'] as {
        costEstimates: {
          resultsByTime: { usageCost: number; currency: string; pricingUnit: string; unit: number }[];
        }[];
      }[]
    )[0]!;
    const days = est.costEstimates[0]!.resultsByTime;
    expect(days).toHaveLength(2);
    for (const d of days) expect(d).toMatchObject({ currency: 'USD', pricingUnit: 'Hrs', unit: 24 });
    // gpu_nvidia_2xl_1_0 costs more than a dollar a day.
    expect(days[0]!.usageCost).toBeGreaterThan(1);
  });
});

describe('idle-stop rules (StopInstanceOnIdle)', () => {
  const enable = (threshold: string, duration: string) => ({
    resourceName: 'stats-rstudio',
    addOnRequest: { addOnType: 'StopInstanceOnIdle', stopInstanceOnIdleRequest: { threshold, duration } },
  });
  const state = (call: ReturnType<typeof setup>['call']) =>
    (call('GetInstanceState', { instanceName: 'stats-rstudio' })['state'] as { name: string }).name;

  it('EnableAddOn stores the rule, GetInstance shows it in addOns, DisableAddOn removes it', () => {
    const { call } = setup(50);
    const addOns = () =>
      (call('GetInstance', { instanceName: 'stats-rstudio' })['instance'] as { addOns: unknown[] }).addOns;
    expect(addOns()).toEqual([]);
    const op = (
      call('EnableAddOn', enable('5', '30'))['operations'] as {
        operationType: string;
        operationDetails: string;
      }[]
    )[0]!;
    expect(op).toMatchObject({ operationType: 'EnableAddOn', operationDetails: 'StopInstanceOnIdle' });
    expect(addOns()).toEqual([
      { name: 'StopInstanceOnIdle', status: 'Enabled', threshold: '5', duration: '30' },
    ]);
    const listed = (call('GetInstances', {})['instances'] as { name: string; addOns: unknown[] }[]).find(
      (i) => i.name === 'stats-rstudio',
    );
    expect(listed?.addOns).toHaveLength(1);
    call('DisableAddOn', { resourceName: 'stats-rstudio', addOnType: 'StopInstanceOnIdle' });
    expect(addOns()).toEqual([]);
  });

  it('refuses bad rules and other add-on types with InvalidInputException', () => {
    const { error } = setup();
    expect(error('EnableAddOn', enable('0', '30')).message).toMatch(/threshold/);
    expect(error('EnableAddOn', enable('5', '2.5')).message).toMatch(/duration/);
    expect(error('EnableAddOn', { resourceName: 'stats-rstudio' }).message).toMatch(/addOnRequest/);
    expect(
      error('EnableAddOn', { resourceName: 'stats-rstudio', addOnRequest: { addOnType: 'Backup' } }).message,
    ).toMatch(/enum value set/);
    expect(
      error('EnableAddOn', {
        resourceName: 'stats-rstudio',
        addOnRequest: { addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '25:00' } },
      }).type,
    ).toBe('InvalidInputException');
    expect(error('EnableAddOn', { ...enable('5', '30'), resourceName: 'nobody-here' }).type).toBe(
      'NotFoundException',
    );
  });

  it('a computer idling under the threshold for the duration stops itself, in virtual time', () => {
    const { call, clock, world } = setup();
    call('EnableAddOn', enable('5', '30'));
    clock.advance(29 * 60_000);
    expect(state(call)).toBe('running');
    clock.advance(60_000);
    expect(state(call)).toBe('stopping');
    clock.advance(DEFAULT_TIMINGS.instanceStopMs);
    expect(state(call)).toBe('stopped');
    const c = world.find([...world.accounts.values()][0]!, 'us-east-2', 'stats-rstudio')!;
    expect(world.view([...world.accounts.values()][0]!, c).stoppedByRule).toBe(true);
    // Started again, it is no longer "stopped by its rule" and idles towards the next stop.
    call('StartInstance', { instanceName: 'stats-rstudio' });
    expect(world.view([...world.accounts.values()][0]!, c).stoppedByRule).toBe(false);
  });

  it('a busy computer keeps running; the idle stretch counts from when the load drops', () => {
    const { call, clock, world } = setup();
    const account = [...world.accounts.values()][0]!;
    const c = world.find(account, 'us-east-2', 'stats-rstudio')!;
    call('EnableAddOn', enable('5', '30'));
    world.setCpu(c, 60);
    clock.advance(3 * 3_600_000);
    expect(state(call)).toBe('running');
    world.setCpu(c, 1);
    clock.advance(20 * 60_000);
    world.setCpu(c, 3); // still under the threshold: the stretch goes on
    clock.advance(10 * 60_000);
    expect(state(call)).toBe('stopping');
  });

  it('stopping through the rule ends the GUI session', () => {
    const { call, clock } = setup();
    call('EnableAddOn', { ...enable('5', '10'), resourceName: 'genomics-notebook' });
    clock.advance(11 * 60_000);
    expect(call('CreateGUISessionAccessDetails', { resourceName: 'genomics-notebook' })['status']).toBe(
      'stopped',
    );
  });
});

describe('GetCostEstimate follows running time', () => {
  const cost = (
    call: ReturnType<typeof setup>['call'],
    name: string,
    from: number,
    to: number,
    region = 'us-east-2',
  ) => {
    const out = call(
      'GetCostEstimate',
      { resourceName: name, startTime: from / 1000, endTime: to / 1000 },
      region,
    );
    const days = (
      out['resourcesBudgetEstimate'] as {
        costEstimates: { resultsByTime: { usageCost: number; unit: number }[] }[];
      }[]
    )[0]!.costEstimates[0]!.resultsByTime;
    return { usd: days.reduce((s, d) => s + d.usageCost, 0), hours: days.reduce((s, d) => s + d.unit, 0) };
  };

  it("charges the plan's hourly price for the hours running, nothing while stopped or in the future", () => {
    const { call, clock } = setup();
    const now = clock.now();
    // stats-rstudio (app_standard_xl_1_0, $30.16 a month) ran all of the day before.
    const day = cost(call, 'stats-rstudio', now - 86_400_000, now);
    expect(day.hours).toBeCloseTo(24, 3);
    expect(day.usd).toBeCloseTo((24 * 30.16) / 730, 3);
    // model-training-gpu has been stopped since creation.
    expect(cost(call, 'model-training-gpu', now - 86_400_000, now).usd).toBe(0);
    // Asking about tomorrow costs nothing yet.
    expect(cost(call, 'stats-rstudio', now, now + 86_400_000).hours).toBe(0);
  });

  it('stops counting when the computer stops and starts again when it runs', () => {
    const { call, clock } = setup();
    const t0 = clock.now();
    clock.advance(2 * 3_600_000);
    call('StopInstance', { instanceName: 'stats-rstudio' });
    clock.advance(5 * 3_600_000);
    call('StartInstance', { instanceName: 'stats-rstudio' });
    clock.advance(DEFAULT_TIMINGS.instanceStartMs + 3_600_000);
    expect(cost(call, 'stats-rstudio', t0, clock.now()).hours).toBeCloseTo(3, 3);
  });
});
