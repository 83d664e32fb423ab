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
  const call = (op: string, input: Record<string, unknown>, region = 'us-east-2') => OPERATIONS[op]!(input, ctx(region)) as Record<string, unknown>;
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
    expect(error('GetInstance', { instanceName: 'no-such-computer' })).toMatchObject({ type: 'NotFoundException', status: 400 });
    // survey-analysis lives in eu-west-2 only.
    expect(error('GetInstance', { instanceName: 'survey-analysis' }, 'us-east-2').type).toBe('NotFoundException');
    expect((call('GetInstance', { instanceName: 'survey-analysis' }, 'eu-west-2')['instance'] as { name: string }).name).toBe('survey-analysis');
  });

  it('checks GetCostEstimate times and appCategory values', () => {
    const { error } = setup();
    expect(error('GetCostEstimate', { resourceName: 'stats-rstudio', startTime: 100 }).message).toMatch(/endTime/);
    expect(error('GetCostEstimate', { resourceName: 'stats-rstudio', startTime: 200, endTime: 100 }).type).toBe('InvalidInputException');
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
    expect(all.length).toBeGreaterThan(lfr.length);
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
    expect(call('GetInstanceState', { instanceName: 'model-training-gpu' })['state']).toEqual({ code: 80, name: 'stopped' });
    const ops = call('StartInstance', { instanceName: 'model-training-gpu' })['operations'] as { operationType: string; status: string }[];
    expect(ops[0]).toMatchObject({ operationType: 'StartInstance', status: 'Started' });
    expect(call('GetInstanceState', { instanceName: 'model-training-gpu' })['state']).toEqual({ code: 0, name: 'pending' });
    clock.advance(DEFAULT_TIMINGS.instanceStartMs);
    expect(call('GetInstanceState', { instanceName: 'model-training-gpu' })['state']).toEqual({ code: 16, name: 'running' });
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
    expect(sessions[0]!.url).toBe('http://127.0.0.1:1/dcv/us-east-2/stats-rstudio/app?authToken=tok-app#stats-rstudio-app');
    expect(sessions[1]!.url).toBe('http://127.0.0.1:1/dcv/us-east-2/stats-rstudio/desktop?authToken=tok-desktop#stats-rstudio-desktop');
    expect(sessions[0]!.name).toBe('RStudio');
  });

  it('a session fault makes CreateGUISessionAccessDetails report the failure and its reason', () => {
    const { call, faults } = setup();
    faults.inject({ kind: 'failedInstanceCreation', computer: 'thesis-vscodium', failureReason: 'Insufficient capacity', times: 1 });
    call('StartGUISession', { resourceName: 'thesis-vscodium' });
    expect(call('CreateGUISessionAccessDetails', { resourceName: 'thesis-vscodium' })).toMatchObject({ status: 'failedInstanceCreation', failureReason: 'Insufficient capacity', sessions: [] });
    // Only that computer is affected.
    expect(call('CreateGUISessionAccessDetails', { resourceName: 'stats-rstudio' })['status']).toBe('notStarted');
  });

  it('GetCostEstimate prices the plan per day in USD', () => {
    const { call } = setup();
    const day = 86_400;
    const start = Date.UTC(2026, 0, 7) / 1000;
    const out = call('GetCostEstimate', { resourceName: 'imaging-gpu', startTime: start, endTime: start + 2 * day }, 'eu-west-2');
    const est = (out['resourcesBudgetEstimate'] as { costEstimates: { resultsByTime: { usageCost: number; currency: string; pricingUnit: string; unit: number }[] }[] }[])[0]!;
    const days = est.costEstimates[0]!.resultsByTime;
    expect(days).toHaveLength(2);
    for (const d of days) expect(d).toMatchObject({ currency: 'USD', pricingUnit: 'Hrs', unit: 24 });
    // gpu_nvidia_2xl_1_0 costs more than a dollar a day.
    expect(days[0]!.usageCost).toBeGreaterThan(1);
  });
});
