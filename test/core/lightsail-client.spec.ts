import { GetInstancesCommand } from '@aws-sdk/client-lightsail';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CallDeadlineError,
  createClientFactory,
  resolveLightsailEndpoint,
} from '../../electron/core/lightsail-client.js';
import type { CredentialsFor } from '../../electron/core/ports.js';

const credentialsFor: CredentialsFor = () => async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'x' });

describe('resolveLightsailEndpoint', () => {
  const all = {
    explicit: 'http://127.0.0.1:1',
    env: { AWS_ENDPOINT_URL_LIGHTSAIL: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' },
    profileEndpoint: 'http://127.0.0.1:4',
  };

  it('takes, in order: explicit, AWS_ENDPOINT_URL_LIGHTSAIL, AWS_ENDPOINT_URL, the profile', () => {
    expect(resolveLightsailEndpoint(all)).toBe('http://127.0.0.1:1');
    expect(resolveLightsailEndpoint({ ...all, explicit: undefined })).toBe('http://127.0.0.1:2');
    expect(
      resolveLightsailEndpoint({
        ...all,
        explicit: undefined,
        env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:3' },
      }),
    ).toBe('http://127.0.0.1:3');
    expect(resolveLightsailEndpoint({ env: {}, profileEndpoint: 'http://127.0.0.1:4' })).toBe(
      'http://127.0.0.1:4',
    );
    expect(resolveLightsailEndpoint({ env: { AWS_ENDPOINT_URL: '' } })).toBeUndefined();
  });

  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns off everything but the explicit endpoint', () => {
    const env = { ...all.env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    expect(resolveLightsailEndpoint({ ...all, explicit: undefined, env })).toBeUndefined();
    expect(resolveLightsailEndpoint({ ...all, env })).toBe('http://127.0.0.1:1');
  });

  it("a profile's ignore_configured_endpoint_urls applies unless the environment says otherwise", () => {
    expect(resolveLightsailEndpoint({ ...all, explicit: undefined, profileIgnores: true })).toBeUndefined();
    expect(
      resolveLightsailEndpoint({
        ...all,
        explicit: undefined,
        profileIgnores: true,
        env: { ...all.env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
      }),
    ).toBe('http://127.0.0.1:2');
  });
});

describe('createClientFactory', () => {
  it('keeps one client per profile and region', () => {
    const f = createClientFactory({ credentialsFor, env: {} });
    const a = f.client('research', 'us-east-1');
    expect(f.client('research', 'us-east-1')).toBe(a);
    expect(f.client('research', 'eu-west-2')).not.toBe(a);
    expect(f.client('other', 'us-east-1')).not.toBe(a);
    f.dispose();
  });

  it('sets the region, standard retries with 3 attempts by default, and adaptive on request', async () => {
    const f = createClientFactory({ credentialsFor, env: {} });
    const c = f.client('p', 'eu-central-1');
    expect(await c.config.region()).toBe('eu-central-1');
    expect(await c.config.maxAttempts()).toBe(3);
    expect(((await c.config.retryStrategy()) as { mode?: string }).mode).toBe('standard');
    const g = createClientFactory({ credentialsFor, env: {}, retryMode: 'adaptive', maxAttempts: 5 });
    const d = g.client('p', 'eu-central-1');
    expect(await d.config.maxAttempts()).toBe(5);
    expect(((await d.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
    f.dispose();
    g.dispose();
  });

  it('points each profile at its own endpoint and uses the profile credentials', async () => {
    const seen: string[] = [];
    const f = createClientFactory({
      credentialsFor: (profile) => async () => {
        seen.push(profile);
        return { accessKeyId: `AKID${profile}`, secretAccessKey: 'x' };
      },
      env: {},
      profileEndpoint: (profile) => (profile === 'local' ? 'http://127.0.0.1:4567' : undefined),
    });
    const local = await f.client('local', 'us-east-1').config.endpoint!();
    expect(local).toMatchObject({ hostname: '127.0.0.1', port: 4567, protocol: 'http:' });
    expect(f.client('aws', 'us-east-1').config.endpoint).toBeUndefined();
    const creds = await f.client('local', 'us-east-1').config.credentials();
    expect(creds.accessKeyId).toBe('AKIDlocal');
    f.dispose();
  });

  it('invalidate(profile) replaces only that profile’s clients', () => {
    const f = createClientFactory({ credentialsFor, env: {} });
    const a = f.client('a', 'us-east-1');
    const b = f.client('b', 'us-east-1');
    f.invalidate('a');
    expect(f.client('a', 'us-east-1')).not.toBe(a);
    expect(f.client('b', 'us-east-1')).toBe(b);
    f.dispose();
  });
});

describe('the call deadline covers credential resolution', () => {
  afterEach(() => vi.useRealTimers());
  // A credential source that never answers: the SDK waits for it before any request exists.
  const hung: CredentialsFor = () => () => new Promise(() => undefined);

  it('a call still waiting for credentials rejects at its deadline', async () => {
    vi.useFakeTimers();
    const clients = createClientFactory({
      credentialsFor: hung,
      env: {},
      endpoint: 'http://127.0.0.1:9',
      callDeadlineMs: 30_000,
    });
    const call = clients.client('p', 'us-east-1').send(new GetInstancesCommand({}));
    const seen = call.then(
      () => 'answered',
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(29_999);
    expect(await Promise.race([seen, Promise.resolve('still waiting')])).toBe('still waiting');
    await vi.advanceTimersByTimeAsync(1);
    const err = await seen;
    expect(err).toBeInstanceOf(CallDeadlineError);
    expect(err).toMatchObject({ name: 'TimeoutError' });
    clients.dispose();
  });

  it("the caller's abort ends a call waiting for credentials at once", async () => {
    const clients = createClientFactory({ credentialsFor: hung, env: {}, endpoint: 'http://127.0.0.1:9' });
    const stop = new AbortController();
    const call = clients
      .client('p', 'us-east-1')
      .send(new GetInstancesCommand({}), { abortSignal: stop.signal });
    stop.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    clients.dispose();
  });
});
