import { X509Certificate } from 'node:crypto';
import { get } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { CreateGUISessionAccessDetailsCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Simulator, startSimulator, TEST_CREDENTIALS } from '../../electron/simulator/index.js';

let sim: Simulator;
let appUrl: URL;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'demo', dcvTls: true });
  const client = new LightsailClient({
    endpoint: sim.endpoint,
    region: 'us-east-2',
    credentials: TEST_CREDENTIALS,
  });
  const out = await client.send(
    new CreateGUISessionAccessDetailsCommand({ resourceName: 'genomics-notebook' }),
  );
  appUrl = new URL(out.sessions!.find((s) => s.isPrimary)!.url!);
});

afterAll(async () => {
  await sim.close();
});

/** GET over TLS without trusting anything, returning the status, body and the certificate's fingerprint. */
function insecureGet(url: string): Promise<{ status: number; body: string; sha256: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { rejectUnauthorized: false, agent: false }, (res) => {
      const cert = (res.socket as TLSSocket).getPeerX509Certificate?.() as X509Certificate | undefined;
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sha256: cert?.fingerprint256 ?? '' }));
    });
    req.on('error', reject);
  });
}

describe('the DCV stand-in (--dcv-tls)', () => {
  it('hands out session URLs in the DCV form: https://host:port/?authToken=…#sessionId', () => {
    expect(appUrl.protocol).toBe('https:');
    expect(appUrl.origin).toBe(sim.dcv!.origin);
    expect(appUrl.pathname).toBe('/');
    expect(appUrl.searchParams.get('authToken')).toMatch(/^[\w-]{20,}$/);
    expect(appUrl.hash).toBe('#genomics-notebook-app');
  });

  it('serves a self-signed certificate that a normal client refuses, with the fingerprint the admin route shows', async () => {
    await expect(fetch(appUrl)).rejects.toThrow();
    const admin = (await (await fetch(`${sim.endpoint}/__sim/dcv`)).json()) as {
      origin: string;
      sha256: string;
    };
    const page = await insecureGet(appUrl.href);
    expect(page.sha256).toBe(admin.sha256);
    expect(admin.sha256).toBe(sim.dcv!.fingerprint());
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="dcv-client"');
    expect(page.body).toContain("addEventListener('beforeunload'");
  });

  it('refuses a wrong token with the expired-or-invalid page', async () => {
    const page = await insecureGet(`${sim.dcv!.origin}/?authToken=guess#x`);
    expect(page.status).toBe(403);
    expect(page.body).toContain('Session link expired or invalid');
  });

  it('answers the page\u2019s WebSocket on its own origin, and refuses a wrong token', async () => {
    const wsUrl = `wss://${appUrl.host}/ws?authToken=${appUrl.searchParams.get('authToken')}`;
    const hello = await new Promise<unknown>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { rejectUnauthorized: false });
      ws.on('message', (m) => {
        resolve(JSON.parse(String(m)));
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(hello).toEqual({ type: 'connected', kind: 'app' });
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`wss://${appUrl.host}/ws?authToken=guess`, { rejectUnauthorized: false });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', (e) => resolve(e.message));
    });
    expect(refused).toMatch(/401/);
  });

  it('can change its certificate, as a recreated computer would', async () => {
    const before = sim.dcv!.fingerprint();
    const res = (await (
      await fetch(`${sim.endpoint}/__sim/dcv/certificate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { sha256: string };
    expect(res.sha256).not.toBe(before);
    expect((await insecureGet(appUrl.href)).sha256).toBe(res.sha256);
  });
});
