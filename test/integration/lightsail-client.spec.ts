// The client factory against the simulator: endpoint overrides, retries and the request timeout.
import { GetInstancesCommand } from '@aws-sdk/client-lightsail';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toLauncherError } from '../../electron/core/errors.js';
import {
  createClientFactory,
  type ClientFactoryOptions,
  type LightsailClientFactory,
} from '../../electron/core/lightsail-client.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

let sim: Simulator;
const factories: LightsailClientFactory[] = [];
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'demo' });
});
afterEach(() => {
  sim.faults.clear();
  sim.resetCalls();
  for (const f of factories.splice(0)) f.dispose();
});
afterAll(async () => {
  await sim.close();
});

function factory(opts: Partial<ClientFactoryOptions>): LightsailClientFactory {
  const f = createClientFactory({
    credentialsFor: () => async () => ({ ...TEST_CREDENTIALS }),
    env: {},
    ...opts,
  });
  factories.push(f);
  return f;
}

async function listedBy(f: LightsailClientFactory, profile = 'p', region = 'us-east-2') {
  const out = await f.client(profile, region).send(new GetInstancesCommand({}));
  return out.instances ?? [];
}

describe('endpoint overrides reach the simulator', () => {
  it('an explicit endpoint', async () => {
    expect((await listedBy(factory({ endpoint: sim.endpoint }))).length).toBeGreaterThan(0);
    expect(sim.calls({ operation: 'GetInstances', region: 'us-east-2' })).toBe(1);
  });

  it('AWS_ENDPOINT_URL_LIGHTSAIL', async () => {
    await listedBy(
      factory({ env: { AWS_ENDPOINT_URL_LIGHTSAIL: sim.endpoint, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } }),
    );
    expect(sim.calls({ operation: 'GetInstances' })).toBe(1);
  });

  it('AWS_ENDPOINT_URL', async () => {
    await listedBy(factory({ env: { AWS_ENDPOINT_URL: sim.endpoint } }));
    expect(sim.calls({ operation: 'GetInstances' })).toBe(1);
  });

  it("a profile's configured endpoint, per profile", async () => {
    const f = factory({
      profileEndpoint: (p) => (p === 'sim' ? sim.endpoint : 'http://127.0.0.1:9'),
      maxAttempts: 1,
    });
    await listedBy(f, 'sim', 'eu-west-2');
    expect(sim.calls({ operation: 'GetInstances', region: 'eu-west-2' })).toBe(1);
    await expect(listedBy(f, 'other')).rejects.toThrow();
    expect(sim.calls()).toBe(1);
  });

  it('the region of each client reaches the simulator through the signature', async () => {
    const f = factory({ endpoint: sim.endpoint });
    await listedBy(f, 'p', 'us-east-2');
    await listedBy(f, 'p', 'eu-central-1');
    expect(sim.calls({ region: 'us-east-2' })).toBe(1);
    expect(sim.calls({ region: 'eu-central-1' })).toBe(1);
  });
});

describe('retries and timeouts', () => {
  it('retries a transient ServiceException and succeeds', async () => {
    sim.faults.inject({ kind: 'ServiceException', operation: 'GetInstances', times: 1 });
    const instances = await listedBy(factory({ endpoint: sim.endpoint }));
    expect(instances.length).toBeGreaterThan(0);
    expect(sim.calls({ operation: 'GetInstances' })).toBe(2);
  });

  it('gives up after maxAttempts and reports the service error', async () => {
    sim.faults.inject({ kind: 'ServiceException', operation: 'GetInstances' });
    const err = await listedBy(factory({ endpoint: sim.endpoint, maxAttempts: 2 })).catch((e: unknown) => e);
    expect(sim.calls({ operation: 'GetInstances' })).toBe(2);
    expect(toLauncherError(err, { profile: 'p', region: 'us-east-1' }).kind).toBe('service');
  });

  it('a hanging request rejects with a timeout after requestTimeout instead of hanging', async () => {
    sim.faults.inject({ kind: 'hang', operation: 'GetInstances' });
    const started = Date.now();
    const err = await listedBy(
      factory({ endpoint: sim.endpoint, requestTimeoutMs: 400, maxAttempts: 1 }),
    ).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect(toLauncherError(err, { profile: 'p', region: 'us-east-1' })).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    // generous bounds: this proves it gave up on its own, not how fast it is
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('a closed port is a network error', async () => {
    const err = await listedBy(factory({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 })).catch(
      (e: unknown) => e,
    );
    expect(toLauncherError(err).kind).toBe('network');
  });
});
