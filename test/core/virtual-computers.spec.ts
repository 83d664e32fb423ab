import {
  GetBlueprintsCommand,
  GetInstancesCommand,
  type Instance,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../electron/core/ports.js';
import { BlueprintCache, LFR_REGIONS, discoverComputers } from '../../electron/core/virtual-computers.js';

interface Scope {
  blueprints?: string[];
  instances?: Instance[];
  fail?: Error;
  failBlueprints?: Error;
  /** GetInstances answers these tokens in turn (then the last one forever), whatever is asked. */
  tokens?: string[];
  /** GetBlueprints always answers this next token. */
  blueprintToken?: string;
  /** Never answers (until aborted). */
  hang?: boolean;
  /** Each answer takes this long. */
  delayMs?: number;
}

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

function instance(name: string, blueprintId: string, extra: Partial<Instance> = {}): Instance {
  return {
    name,
    blueprintId,
    blueprintName: blueprintId.replace(/_.*/, ''),
    bundleId: 'app_standard_xl_1_0',
    state: { name: 'running', code: 16 },
    createdAt: new Date('2026-01-02T03:04:05Z'),
    ...extra,
  };
}

/** A fake world of profile/region scopes, answering GetBlueprints and GetInstances with paging. */
function fakeWorld(scopes: Record<string, Scope>, pageSize = 2) {
  const calls: { op: string; scope: string; pageToken?: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const inFlightByScope = new Map<string, number>();
  let maxInFlightPerScope = 0;
  const clients: ClientFactory = {
    client(profile, region) {
      const key = `${profile}/${region}`;
      return {
        async send(cmd: unknown, opts?: { abortSignal?: AbortSignal }) {
          const op =
            cmd instanceof GetBlueprintsCommand
              ? 'GetBlueprints'
              : cmd instanceof GetInstancesCommand
                ? 'GetInstances'
                : 'other';
          const input = (cmd as { input: { pageToken?: string; appCategory?: string } }).input;
          calls.push({ op, scope: key, ...(input.pageToken ? { pageToken: input.pageToken } : {}) });
          inFlight++;
          inFlightByScope.set(key, (inFlightByScope.get(key) ?? 0) + 1);
          maxInFlight = Math.max(maxInFlight, inFlight);
          maxInFlightPerScope = Math.max(maxInFlightPerScope, inFlightByScope.get(key)!);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          inFlightByScope.set(key, inFlightByScope.get(key)! - 1);
          const s = scopes[key] ?? {};
          if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
          if (s.hang) {
            await new Promise((_r, reject) =>
              opts?.abortSignal?.addEventListener('abort', () =>
                reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
              ),
            );
          }
          if (s.fail) throw s.fail;
          if (op === 'GetBlueprints') {
            if (s.failBlueprints) throw s.failBlueprints;
            expect(input.appCategory).toBe('LfR');
            return {
              blueprints: (s.blueprints ?? []).map((blueprintId) => ({ blueprintId, name: blueprintId })),
              ...(s.blueprintToken ? { nextPageToken: s.blueprintToken } : {}),
            };
          }
          if (s.tokens) {
            const n = calls.filter((c) => c.op === 'GetInstances' && c.scope === key).length;
            return {
              instances: s.instances ?? [],
              nextPageToken: s.tokens[Math.min(n - 1, s.tokens.length - 1)],
            };
          }
          const start = Number(input.pageToken ?? 0);
          const all = s.instances ?? [];
          const page = all.slice(start, start + pageSize);
          return {
            instances: page,
            ...(start + pageSize < all.length ? { nextPageToken: String(start + pageSize) } : {}),
          };
        },
      } as unknown as LightsailClient;
    },
  };
  return {
    clients,
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    get maxInFlightPerScope() {
      return maxInFlightPerScope;
    },
  };
}

describe('discoverComputers', () => {
  it('lists only Lightsail for Research computers of every profile and region, sorted by name', async () => {
    const world = fakeWorld({
      'research/us-east-1': {
        blueprints: ['jupyterlab_4_1', 'rstudio_2024'],
        instances: [
          instance('zeta', 'jupyterlab_4_1'),
          instance('web-server', 'ubuntu_22_04'),
          instance('alpha', 'rstudio_2024', { state: { name: 'stopped' } }),
        ],
      },
      'lab/eu-west-2': { blueprints: ['jupyterlab_4_1'], instances: [instance('mid', 'jupyterlab_4_1')] },
    });
    const result = await discoverComputers({
      profiles: ['research', 'lab'],
      regions: (p) => (p === 'research' ? ['us-east-1'] : ['eu-west-2']),
      clients: world.clients,
    });
    expect(result.errors).toEqual([]);
    expect(result.computers.map((c) => c.name)).toEqual(['alpha', 'mid', 'zeta']);
    expect(result.computers[0]).toEqual({
      id: 'research/us-east-1/alpha',
      name: 'alpha',
      profile: 'research',
      region: 'us-east-1',
      state: 'stopped',
      app: { id: 'rstudio_2024', name: 'rstudio' },
      plan: { id: 'app_standard_xl_1_0' },
      createdAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('reads every page of instances', async () => {
    const instances = Array.from({ length: 7 }, (_, i) => instance(`pc-${i}`, 'vscodium_1'));
    const world = fakeWorld({ 'p/us-west-2': { blueprints: ['vscodium_1'], instances } }, 3);
    const result = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-west-2'],
      clients: world.clients,
    });
    expect(result.computers).toHaveLength(7);
    expect(world.calls.filter((c) => c.op === 'GetInstances').map((c) => c.pageToken)).toEqual([
      undefined,
      '3',
      '6',
    ]);
  });

  it('reports a failing region on that region and still lists the others', async () => {
    const world = fakeWorld({
      'p/us-east-1': { blueprints: ['b'], instances: [instance('ok-one', 'b')] },
      'p/eu-central-1': {
        fail: awsError('AccessDeniedException', 'not authorized to perform lightsail:GetInstances'),
      },
    });
    const result = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1', 'eu-central-1'],
      clients: world.clients,
    });
    expect(result.computers.map((c) => c.name)).toEqual(['ok-one']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      profile: 'p',
      region: 'eu-central-1',
      error: { kind: 'access-denied', profile: 'p', region: 'eu-central-1' },
    });
    expect(result.errors[0]!.error.nextStep).not.toBe('');
  });

  it('reports an expired SSO sign-in once on the profile, not once per region', async () => {
    const signIn = Object.assign(
      new Error('The SSO session token is expired. To refresh this SSO session run aws sso login'),
      { name: 'CredentialsProviderError' },
    );
    const scopes: Record<string, Scope> = {};
    for (const r of LFR_REGIONS) scopes[`sso-user/${r}`] = { fail: signIn };
    scopes['keys/us-east-1'] = { blueprints: ['b'], instances: [instance('still-here', 'b')] };
    const world = fakeWorld(scopes);
    const result = await discoverComputers({
      profiles: ['sso-user', 'keys'],
      regions: () => LFR_REGIONS,
      clients: world.clients,
    });
    expect(result.computers.map((c) => c.id)).toEqual(['keys/us-east-1/still-here']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.profile).toBe('sso-user');
    expect(result.errors[0]!.region).toBeUndefined();
    expect(result.errors[0]!.error.kind).toBe('sign-in-required');
    expect(result.errors[0]!.error.command).toBe('aws sso login --profile sso-user');
  });

  it('folds rejected keys into one error when every region rejects them, but not when one region does', async () => {
    const rejected = awsError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
    const scopes: Record<string, Scope> = {
      'bad-keys/us-east-1': { fail: rejected },
      'bad-keys/eu-west-2': { fail: rejected },
      'opt-in/us-east-1': { blueprints: ['b'], instances: [instance('fine', 'b')] },
      'opt-in/ap-southeast-3': { fail: rejected },
    };
    const world = fakeWorld(scopes);
    const result = await discoverComputers({
      profiles: ['bad-keys', 'opt-in'],
      regions: (p) => (p === 'bad-keys' ? ['us-east-1', 'eu-west-2'] : ['us-east-1', 'ap-southeast-3']),
      clients: world.clients,
    });
    expect(result.computers.map((c) => c.name)).toEqual(['fine']);
    expect(result.errors.map((e) => [e.profile, e.region, e.error.kind])).toEqual([
      ['bad-keys', undefined, 'unauthenticated'],
      ['opt-in', 'ap-southeast-3', 'unauthenticated'],
    ]);
    expect(result.errors[0]!.error.message).toBe('AWS did not accept the credentials of profile bad-keys.');
  });

  it('asks for blueprints and the first page together, and reuses blueprints until they expire', async () => {
    let now = 1_000;
    const cache = new BlueprintCache(60_000, () => now);
    const world = fakeWorld({ 'p/us-east-1': { blueprints: ['b'], instances: [instance('one', 'b')] } });
    const sweep = () =>
      discoverComputers({
        profiles: ['p'],
        regions: () => ['us-east-1'],
        clients: world.clients,
        blueprintCache: cache,
      });
    await sweep();
    expect(world.maxInFlightPerScope).toBe(2);
    await sweep();
    expect(world.calls.filter((c) => c.op === 'GetBlueprints')).toHaveLength(1);
    now += 61_000;
    const third = await sweep();
    expect(world.calls.filter((c) => c.op === 'GetBlueprints')).toHaveLength(2);
    expect(third.computers).toHaveLength(1);
  });

  it('looks blueprints up once per region for all profiles, each profile falling back to its own keys', async () => {
    const world = fakeWorld({
      'a/us-east-1': {
        blueprints: ['b'],
        instances: [instance('from-a', 'b')],
        failBlueprints: awsError('AccessDeniedException'),
      },
      'b/us-east-1': { blueprints: ['b'], instances: [instance('from-b', 'b')] },
      'c/us-east-1': { blueprints: ['b'], instances: [instance('from-c', 'b')] },
    });
    const result = await discoverComputers({
      profiles: ['a', 'b', 'c'],
      regions: () => ['us-east-1'],
      clients: world.clients,
      concurrency: 1,
    });
    // a's own lookup is denied: its scope fails, b retries with its keys, c reuses b's answer.
    expect(result.computers.map((c) => c.name)).toEqual(['from-b', 'from-c']);
    expect(result.errors.map((e) => [e.profile, e.error.kind])).toEqual([['a', 'access-denied']]);
    expect(world.calls.filter((c) => c.op === 'GetBlueprints').map((c) => c.scope)).toEqual([
      'a/us-east-1',
      'b/us-east-1',
    ]);
  });

  it('does not cache a failed blueprint lookup', async () => {
    const scopes: Record<string, Scope> = { 'p/us-east-1': { fail: awsError('ServiceException') } };
    const world = fakeWorld(scopes);
    const cache = new BlueprintCache();
    const first = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1'],
      clients: world.clients,
      blueprintCache: cache,
    });
    expect(first.errors[0]!.error.kind).toBe('service');
    scopes['p/us-east-1'] = { blueprints: ['b'], instances: [instance('back', 'b')] };
    const second = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1'],
      clients: world.clients,
      blueprintCache: cache,
    });
    expect(second.errors).toEqual([]);
    expect(second.computers.map((c) => c.name)).toEqual(['back']);
  });

  it('keeps the number of scopes in flight within the concurrency bound', async () => {
    const scopes: Record<string, Scope> = {};
    const profiles = ['a', 'b', 'c'];
    for (const p of profiles)
      for (const r of LFR_REGIONS)
        scopes[`${p}/${r}`] = { blueprints: ['b'], instances: [instance(`${p}-${r}`, 'b')] };
    const world = fakeWorld(scopes);
    const result = await discoverComputers({
      profiles,
      regions: () => LFR_REGIONS,
      clients: world.clients,
      concurrency: 4,
    });
    expect(result.computers).toHaveLength(profiles.length * LFR_REGIONS.length);
    // Each scope has at most its two first calls in flight.
    expect(world.maxInFlight).toBeLessThanOrEqual(8);
    expect(world.maxInFlight).toBeGreaterThan(2);
  });

  it.each([
    ['the same page token forever', ['t1']],
    ['a cycle of page tokens', ['t1', 't2', 't3', 't1']],
  ])('%s ends that scope with an error and the other scopes still list', async (_what, tokens) => {
    const world = fakeWorld({
      'p/us-east-1': { blueprints: ['b'], instances: [instance('looping', 'b')], tokens },
      'p/eu-west-2': { blueprints: ['b'], instances: [instance('fine', 'b')] },
    });
    const result = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1', 'eu-west-2'],
      clients: world.clients,
    });
    expect(result.computers.map((c) => c.name)).toEqual(['fine']);
    expect(result.errors).toEqual([
      {
        profile: 'p',
        region: 'us-east-1',
        error: expect.objectContaining({
          name: 'PaginationLoop',
          kind: 'service',
          retryable: true,
          profile: 'p',
          region: 'us-east-1',
        }),
      },
    ]);
    expect(result.errors[0]!.error.message).toMatch(/same page .* again.*\(profile p, us-east-1\)\.$/);
    expect(
      world.calls.filter((c) => c.scope === 'p/us-east-1' && c.op === 'GetInstances').length,
    ).toBeLessThanOrEqual(tokens.length + 1);
  });

  it('stops after maxPages pages of ever new tokens', async () => {
    const tokens = Array.from({ length: 1000 }, (_, i) => `t${i}`);
    const world = fakeWorld({ 'p/us-east-1': { blueprints: ['b'], instances: [], tokens } });
    const result = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1'],
      clients: world.clients,
      maxPages: 20,
    });
    expect(result.errors[0]!.error).toMatchObject({
      name: 'PaginationLoop',
      message: expect.stringMatching(/more than 20/),
    });
    expect(world.calls.filter((c) => c.op === 'GetInstances')).toHaveLength(20);
  });

  it.each<[string, unknown]>([
    ['no instances field (a null body)', { $metadata: {} }],
    ['instances: null', { instances: null }],
    ['instances: an object', { instances: { 0: {} } }],
    ['instances: a string', { instances: 'i-1' }],
  ])(
    'a malformed GetInstances answer (%s) is an error on that scope, not an empty list',
    async (_what, answer) => {
      const clients: ClientFactory = {
        client: () =>
          ({
            async send(cmd: unknown) {
              if (cmd instanceof GetBlueprintsCommand) return { blueprints: [{ blueprintId: 'b' }] };
              return answer;
            },
          }) as unknown as LightsailClient,
      };
      const result = await discoverComputers({ profiles: ['p'], regions: () => ['us-east-1'], clients });
      expect(result.computers).toEqual([]);
      expect(result.errors).toEqual([
        {
          profile: 'p',
          region: 'us-east-1',
          error: expect.objectContaining({
            kind: 'service',
            name: 'MalformedAnswer',
            message: expect.stringMatching(/computers/),
          }),
        },
      ]);
    },
  );

  it('a malformed GetBlueprints answer is an error on that scope too', async () => {
    const clients: ClientFactory = {
      client: () =>
        ({
          async send(cmd: unknown) {
            if (cmd instanceof GetBlueprintsCommand) return { blueprints: null };
            return { instances: [instance('one', 'b')] };
          },
        }) as unknown as LightsailClient,
    };
    const result = await discoverComputers({ profiles: ['p'], regions: () => ['us-east-1'], clients });
    expect(result.errors[0]?.error).toMatchObject({
      kind: 'service',
      name: 'MalformedAnswer',
      message: expect.stringMatching(/blueprints/),
    });
  });

  it('a looping GetBlueprints ends the scope too', async () => {
    const world = fakeWorld({
      'p/us-east-1': { blueprints: ['b'], blueprintToken: 'again', instances: [instance('one', 'b')] },
    });
    const result = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1'],
      clients: world.clients,
    });
    expect(result.errors[0]!.error).toMatchObject({
      name: 'PaginationLoop',
      message: expect.stringMatching(/blueprints/),
    });
    expect(world.calls.filter((c) => c.op === 'GetBlueprints')).toHaveLength(2);
  });

  it('publishes each scope through onScope as it ends; a silent scope errors at its deadline without holding back the rest', async () => {
    const world = fakeWorld({
      'p/us-east-1': { blueprints: ['b'], hang: true },
      'p/eu-west-2': { blueprints: ['b'], instances: [instance('fast', 'b')] },
      'q/eu-west-2': { fail: awsError('AccessDeniedException') },
    });
    const t0 = Date.now();
    const seen: { scope: string; at: number; names: string[]; kind?: string }[] = [];
    const result = await discoverComputers({
      profiles: ['p', 'q'],
      regions: (p) => (p === 'p' ? ['us-east-1', 'eu-west-2'] : ['eu-west-2']),
      clients: world.clients,
      scopeDeadlineMs: 300,
      onScope: (s) =>
        seen.push({
          scope: `${s.profile}/${s.region}`,
          at: Date.now() - t0,
          names: s.computers.map((c) => c.name),
          ...(s.error ? { kind: s.error.error.kind } : {}),
        }),
    });
    expect(seen.map((s) => s.scope).sort()).toEqual(['p/eu-west-2', 'p/us-east-1', 'q/eu-west-2']);
    const fast = seen.find((s) => s.scope === 'p/eu-west-2')!;
    const silent = seen.find((s) => s.scope === 'p/us-east-1')!;
    expect(fast).toMatchObject({ names: ['fast'] });
    expect(fast.at).toBeLessThan(150);
    expect(silent).toMatchObject({ names: [], kind: 'timeout' });
    expect(silent.at).toBeGreaterThanOrEqual(290);
    expect(silent.at).toBeLessThan(1_000);
    expect(seen.find((s) => s.scope === 'q/eu-west-2')).toMatchObject({ kind: 'access-denied' });
    // The aggregate still comes at the end.
    expect(result.computers.map((c) => c.name)).toEqual(['fast']);
    expect(result.errors.map((e) => `${e.profile}/${e.region}:${e.error.kind}`)).toEqual([
      'p/us-east-1:timeout',
      'q/eu-west-2:access-denied',
    ]);
    expect(result.errors[0]!.error.message).toMatch(/no complete answer for 0.3 s \(profile p, us-east-1\)/);
  });

  it('a region with many pages is not cut off while its pages keep coming', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => instance(`pc-${i}`, 'b'));
    const world = fakeWorld({ 'p/us-east-1': { blueprints: ['b'], instances, delayMs: 60 } }, 2);
    const t0 = Date.now();
    const result = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1'],
      clients: world.clients,
      scopeDeadlineMs: 150,
    });
    expect(Date.now() - t0).toBeGreaterThan(150);
    expect(result.errors).toEqual([]);
    expect(result.computers).toHaveLength(8);
  });

  it('drops or mends bad items with a warning, never the whole scope', async () => {
    const world = fakeWorld(
      {
        'p/us-east-1': {
          blueprints: ['b'],
          instances: [
            instance('good', 'b'),
            instance('far-future', 'b', { createdAt: new Date(8.64e15 + 1) }),
            instance('year-5138', 'b', { createdAt: new Date(1e17 / 1e3) }),
            instance('', 'b'),
            { blueprintId: 'b' },
            instance('bad name!', 'b'),
            instance('twice', 'b'),
            instance('twice', 'b', { state: { name: 'stopped' } }),
          ],
        },
      },
      100,
    );
    const result = await discoverComputers({
      profiles: ['p'],
      regions: () => ['us-east-1'],
      clients: world.clients,
    });
    expect(result.errors).toEqual([]);
    expect(result.computers.map((c) => c.name)).toEqual(['far-future', 'good', 'twice', 'year-5138']);
    expect(result.computers.find((c) => c.name === 'far-future')!.createdAt).toBeUndefined();
    expect(result.computers.find((c) => c.name === 'good')!.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(result.computers.find((c) => c.name === 'twice')!.state).toBe('running');
    expect(result.warnings.map((w) => w.message)).toEqual([
      'far-future has an impossible creation date; it is shown without one.',
      'year-5138 has an impossible creation date; it is shown without one.',
      'A computer was left out: an instance without a name.',
      'A computer was left out: an instance without a name.',
      'A computer was left out: an instance name Lightsail would refuse ("bad name!").',
      'Lightsail listed twice twice; the second one is left out.',
    ]);
    expect(new Set(result.computers.map((c) => c.id)).size).toBe(result.computers.length);
  });

  it('stops when aborted', async () => {
    const world = fakeWorld({ 'p/us-east-1': { blueprints: ['b'], instances: [instance('one', 'b')] } });
    const controller = new AbortController();
    controller.abort(new Error('closing'));
    await expect(
      discoverComputers({
        profiles: ['p'],
        regions: () => ['us-east-1'],
        clients: world.clients,
        signal: controller.signal,
      }),
    ).rejects.toThrow('closing');
    expect(world.calls).toHaveLength(0);
  });
});
