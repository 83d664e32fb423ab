// Lightsail calls on a corporate network: through a CONNECT proxy (HTTPS_PROXY, NO_PROXY) to
// an endpoint whose certificate only a given CA bundle vouches for (AWS_CA_BUNDLE or the
// profile's ca_bundle), with the real SDK. The "endpoint" is a TLS front (self-signed, made
// with openssl for the made-up host lightsail.test) forwarding to the simulator; the proxy is a
// tiny CONNECT proxy on 127.0.0.1 that resolves lightsail.test to 127.0.0.1 (loopback endpoints
// themselves never go through a proxy).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '../../electron/core/lightsail-client.js';
import { discoverComputers } from '../../electron/core/virtual-computers.js';
import { startSimulator, TEST_CREDENTIALS, type Simulator } from '../../electron/simulator/index.js';

const REGION = 'eu-west-2';
let hasOpenssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  hasOpenssl = false;
}

let sim: Simulator;
let dir: string;
let caFile: string;
let front: Server;
let proxy: Server;
let frontUrl: string;
let proxyUrl: string;
const connects: string[] = [];

const listen = (s: Server) =>
  new Promise<number>((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)),
  );
const close = (s: Server | undefined) =>
  new Promise<void>((resolve) => (s ? (s.closeAllConnections(), s.close(() => resolve())) : resolve()));

beforeAll(async () => {
  if (!hasOpenssl) return;
  sim = await startSimulator({ port: 0, seed: 'empty' });
  sim.addComputer({ region: REGION, name: 'behind-the-proxy', blueprintId: 'lfr_jupyterlab_1_0' });
  dir = mkdtempSync(join(tmpdir(), 'lfr-ca-'));
  caFile = join(dir, 'ca.pem');
  // prettier-ignore
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', caFile, '-days', '2', '-subj', '/CN=lightsail.test', '-addext', 'subjectAltName=DNS:lightsail.test'], { stdio: 'ignore' });
  const sim_ = new URL(sim.endpoint);
  front = createHttpsServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(caFile) },
    (req, res) => {
      const fwd = request(
        { host: sim_.hostname, port: sim_.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', () => res.destroy());
      req.pipe(fwd);
    },
  );
  frontUrl = `https://lightsail.test:${await listen(front)}`;
  proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    connects.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host === 'lightsail.test' ? '127.0.0.1' : host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});
afterAll(async () => {
  if (!hasOpenssl) return;
  await close(front);
  await close(proxy);
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function list(env: Record<string, string>, profileCaBundle?: string) {
  const clients = createClientFactory({
    credentialsFor: () => async () => TEST_CREDENTIALS,
    env,
    endpoint: frontUrl,
    maxAttempts: 1,
    ...(profileCaBundle ? { profileCaBundle: () => profileCaBundle } : {}),
  });
  try {
    return await discoverComputers({
      profiles: ['corp'],
      regions: () => [REGION],
      clients,
      scopeDeadlineMs: 10_000,
    });
  } finally {
    clients.dispose();
  }
}

describe.skipIf(!hasOpenssl)('Lightsail behind a corporate proxy', () => {
  it('goes through HTTPS_PROXY and trusts AWS_CA_BUNDLE', async () => {
    connects.length = 0;
    const out = await list({ HTTPS_PROXY: proxyUrl, AWS_CA_BUNDLE: caFile });
    expect(out.errors).toEqual([]);
    expect(out.computers.map((c) => c.name)).toEqual(['behind-the-proxy']);
    expect(connects).toContain(`lightsail.test:${new URL(frontUrl).port}`);
  });

  it('honours lower-case https_proxy and the profile’s ca_bundle', async () => {
    connects.length = 0;
    const out = await list({ https_proxy: proxyUrl }, caFile);
    expect(out.errors).toEqual([]);
    expect(out.computers).toHaveLength(1);
    expect(connects.length).toBeGreaterThan(0);
  });

  it('goes direct for a host NO_PROXY names', async () => {
    connects.length = 0;
    const out = await list({ HTTPS_PROXY: proxyUrl, NO_PROXY: '.test', AWS_CA_BUNDLE: caFile });
    // Direct, the made-up name does not resolve: the proof that the proxy was bypassed.
    expect(connects).toEqual([]);
    expect(out.errors[0]!.error.kind).toBe('network');
  });

  it('without the bundle, says the certificate is not trusted and how to fix it', async () => {
    const out = await list({ HTTPS_PROXY: proxyUrl });
    expect(out.computers).toEqual([]);
    expect(out.errors[0]!.error).toMatchObject({ kind: 'network' });
    expect(out.errors[0]!.error.message).toMatch(/certificate of the Lightsail endpoint is not trusted/);
    expect(out.errors[0]!.error.nextStep).toMatch(/AWS_CA_BUNDLE/);
  });

  it('an unreadable bundle is an error on the profile, naming the setting', async () => {
    const out = await list({ AWS_CA_BUNDLE: join(dir, 'missing.pem') });
    expect(out.errors).toEqual([
      {
        profile: 'corp',
        error: expect.objectContaining({ kind: 'profile-invalid', name: 'CaBundleUnreadable' }),
      },
    ]);
    expect(out.errors[0]!.error.message).toMatch(/AWS_CA_BUNDLE/);
  });
});
