// Discovery with the real @aws-sdk/client-lightsail (through the project's client factory)
// against the simulator: filtering, pagination, per-scope faults, blueprint caching.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '../../electron/core/lightsail-client.js';
import { BlueprintCache, LFR_REGIONS, discoverComputers } from '../../electron/core/virtual-computers.js';
import {
  BLUEPRINTS,
  DEMO_COMPUTERS,
  TEST_CREDENTIALS,
  startSimulator,
  type Simulator,
} from '../../electron/simulator/index.js';
import { addLabAccount, LAB } from '../fixtures/lab-account.js';

const KEYS: Record<string, { accessKeyId: string; secretAccessKey: string }> = {
  research: TEST_CREDENTIALS,
  lab: LAB,
  wrong: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
};

let sim: Simulator;
let clients: ReturnType<typeof createClientFactory>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo' });
  addLabAccount(sim);
  clients = createClientFactory({
    credentialsFor: (p) => async () => {
      const k = KEYS[p];
      if (!k) throw Object.assign(new Error(`no profile ${p}`), { name: 'CredentialsProviderError' });
      return k;
    },
    env: {},
    endpoint: sim.endpoint,
    maxAttempts: 2,
  });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.faults.clear();
  sim.resetCalls();
});

const lfr = new Set(BLUEPRINTS.filter((b) => b.appCategory === 'LfR').map((b) => b.blueprintId));
const demoResearch = DEMO_COMPUTERS.filter((c) => lfr.has(c.blueprintId ?? 'lfr_jupyterlab_1_0'));

describe('discovery against the simulator', () => {
  it('lists a computer on a retired (inactive) blueprint, marked retired', async () => {
    const result = await discoverComputers({ profiles: ['research'], regions: () => ['eu-west-2'], clients });
    const legacy = result.computers.find((c) => c.name === 'legacy-notebook');
    expect(legacy).toMatchObject({ app: { id: 'lfr_jupyterlab_0_9', name: 'JupyterLab', retired: true } });
    expect(result.computers.find((c) => c.name === 'survey-analysis')!.app.retired).toBeUndefined();
  });

  it('lists the research computers of two accounts across every region, and nothing else', async () => {
    const result = await discoverComputers({
      profiles: ['research', 'lab'],
      regions: () => LFR_REGIONS,
      clients,
    });
    expect(result.errors).toEqual([]);
    const expected = [
      ...demoResearch.map((c) => `research/${c.region}/${c.name}`),
      'lab/us-west-2/lab-notebook',
    ].sort();
    expect(result.computers.map((c) => c.id).sort()).toEqual(expected);
    // us-east-2 holds more instances than one page: the last research ones are on page two.
    expect(sim.calls({ operation: 'GetInstances', region: 'us-east-2' })).toBeGreaterThan(1);
    const notebook = result.computers.find((c) => c.name === 'genomics-notebook')!;
    expect(notebook).toMatchObject({
      profile: 'research',
      region: 'us-east-2',
      state: 'running',
      app: { id: 'lfr_jupyterlab_1_0' },
      plan: { id: 'app_standard_2xl_1_0' },
    });
    expect(notebook.app.name).not.toBe('');
    expect(Date.parse(notebook.createdAt!)).not.toBeNaN();
    expect(result.computers.map((c) => c.name)).toEqual(
      [...result.computers.map((c) => c.name)].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('reports a denied region there while every other region still lists', async () => {
    sim.faults.inject({ kind: 'AccessDeniedException', operation: 'GetInstances', region: 'eu-west-2' });
    const result = await discoverComputers({ profiles: ['research'], regions: () => LFR_REGIONS, clients });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      profile: 'research',
      region: 'eu-west-2',
      error: { kind: 'access-denied', name: 'AccessDeniedException' },
    });
    expect(result.computers.some((c) => c.region === 'eu-west-2')).toBe(false);
    expect(result.computers.map((c) => c.name)).toContain('genomics-notebook');
    expect(result.computers.map((c) => c.name)).toContain('tokyo-notebook');
  });

  it('a region being set up for the account says so there, and lists at the next refresh', async () => {
    sim.faults.inject({
      kind: 'RegionSetupInProgressException',
      operation: 'GetInstances',
      region: 'eu-west-2',
      times: 1,
    });
    const first = await discoverComputers({
      profiles: ['research'],
      regions: () => ['eu-west-2', 'us-east-2'],
      clients,
    });
    expect(first.errors).toEqual([
      {
        profile: 'research',
        region: 'eu-west-2',
        error: expect.objectContaining({
          kind: 'service',
          retryable: true,
          message: expect.stringMatching(/eu-west-2 is being set up for your account/),
        }),
      },
    ]);
    expect(first.computers.map((c) => c.name)).toContain('genomics-notebook');
    const second = await discoverComputers({ profiles: ['research'], regions: () => ['eu-west-2'], clients });
    expect(second.errors).toEqual([]);
    expect(second.computers.map((c) => c.name)).toContain('survey-analysis');
  });

  it('reports wrong keys once on their profile', async () => {
    const result = await discoverComputers({
      profiles: ['wrong', 'lab'],
      regions: () => ['us-east-2', 'us-west-2', 'eu-west-2'],
      clients,
    });
    expect(result.computers.map((c) => c.id)).toEqual(['lab/us-west-2/lab-notebook']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.profile).toBe('wrong');
    expect(result.errors[0]!.region).toBeUndefined();
    expect(result.errors[0]!.error.kind).toBe('unauthenticated');
  });

  it('gets past one throttled call thanks to the client’s retries', async () => {
    sim.faults.inject({
      kind: 'ThrottlingException',
      operation: 'GetInstances',
      region: 'ap-northeast-1',
      times: 1,
    });
    const result = await discoverComputers({
      profiles: ['research'],
      regions: () => ['ap-northeast-1'],
      clients,
    });
    expect(result.errors).toEqual([]);
    expect(result.computers.map((c) => c.name)).toEqual(['tokyo-notebook']);
  });

  it('asks for blueprints once per region across sweeps', async () => {
    const cache = new BlueprintCache();
    await discoverComputers({
      profiles: ['research'],
      regions: () => ['us-east-2', 'eu-west-2'],
      clients,
      blueprintCache: cache,
    });
    await discoverComputers({
      profiles: ['research'],
      regions: () => ['us-east-2', 'eu-west-2'],
      clients,
      blueprintCache: cache,
    });
    expect(sim.calls({ operation: 'GetBlueprints' })).toBe(2);
    expect(sim.calls({ operation: 'GetInstances', region: 'eu-west-2' })).toBe(2);
  });
});
