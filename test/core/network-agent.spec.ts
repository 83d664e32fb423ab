import { describe, expect, it } from 'vitest';
import type { ProfileData } from '../../electron/core/aws-profiles.js';
import { networkAgents, profileCaBundle } from '../../electron/core/network-agent.js';

const endpoint = 'https://lightsail.eu-west-2.amazonaws.com';
const read = (files: Record<string, string>) => (p: string) => {
  if (!(p in files)) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
  return files[p]!;
};

describe('networkAgents', () => {
  it('uses HTTPS_PROXY for an https endpoint and hides the proxy password', () => {
    const a = networkAgents({ endpoint, env: { HTTPS_PROXY: 'http://me:secret@proxy.corp:3128' } });
    expect(a.proxy).toBe('http://proxy.corp:3128/');
    expect(a.httpsAgent.constructor.name).toMatch(/ProxyAgent/);
  });

  it('goes direct to a loopback endpoint (a local simulator), whatever the proxy settings', () => {
    for (const e of ['http://127.0.0.1:4566', 'http://localhost:4566', 'http://[::1]:4566']) {
      expect(
        networkAgents({
          endpoint: e,
          env: { HTTP_PROXY: 'http://proxy.corp:3128', ALL_PROXY: 'http://proxy.corp:3128' },
        }).proxy,
      ).toBeUndefined();
    }
  });

  it('goes direct when NO_PROXY names the host, or when no proxy is set', () => {
    expect(
      networkAgents({ endpoint, env: { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.amazonaws.com' } })
        .proxy,
    ).toBeUndefined();
    expect(networkAgents({ endpoint, env: {} }).proxy).toBeUndefined();
  });

  it('reads its environment, never the process’s, and leaves process.env as it was', () => {
    const before = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://from-process:1';
    try {
      expect(networkAgents({ endpoint, env: {} }).proxy).toBeUndefined();
      expect(process.env.HTTPS_PROXY).toBe('http://from-process:1');
    } finally {
      if (before === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = before;
    }
  });

  it('AWS_CA_BUNDLE wins over the profile’s ca_bundle; a missing file throws', () => {
    const files = { '/env.pem': 'ENV', '/profile.pem': 'PROFILE' };
    expect(
      networkAgents({
        endpoint,
        env: { AWS_CA_BUNDLE: '/env.pem' },
        profileCaBundle: '/profile.pem',
        readFile: read(files),
      }).caBundle,
    ).toBe('/env.pem');
    expect(
      networkAgents({ endpoint, env: {}, profileCaBundle: '/profile.pem', readFile: read(files) }).caBundle,
    ).toBe('/profile.pem');
    expect(() =>
      networkAgents({ endpoint, env: { AWS_CA_BUNDLE: '/nope.pem' }, readFile: read(files) }),
    ).toThrow(/ENOENT/);
  });
});

describe('profileCaBundle', () => {
  it('reads ca_bundle from the profile, the credentials file winning as the SDK merges', () => {
    const data = {
      config: new Map([
        ['corp', { region: 'eu-west-2', ca_bundle: ' /etc/corp-ca.pem ' }],
        ['plain', { region: 'us-east-1' }],
      ]),
      credentials: new Map<string, Record<string, string>>(),
    } as unknown as ProfileData;
    expect(profileCaBundle(data, 'corp')).toBe('/etc/corp-ca.pem');
    expect(profileCaBundle(data, 'plain')).toBeUndefined();
    expect(profileCaBundle(data, 'absent')).toBeUndefined();
  });
});
