import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../electron/simulator/index.js';

let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
});

afterEach(async () => {
  await sim.close();
});

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A raw request with a chosen Host header (fetch does not allow setting it). */
function rawRequest(path: string, host: string, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, path, method, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('admin routes', () => {
  it('GET /__sim/state shows every account, computer and active fault', async () => {
    sim.faults.inject({ kind: 'ServiceException', region: 'eu-west-2' });
    const state = (await (await fetch(`${sim.endpoint}/__sim/state`)).json()) as {
      endpoint: string;
      accounts: {
        accessKeyId: string;
        computers: {
          name: string;
          region: string;
          state: string;
          research: boolean;
          session: { status: string };
        }[];
      }[];
      faults: { kind: string }[];
    };
    expect(state.endpoint).toBe(sim.endpoint);
    const computers = state.accounts[0]!.computers;
    expect(computers.find((c) => c.name === 'genomics-notebook')).toMatchObject({
      region: 'us-east-2',
      state: 'running',
      research: true,
      session: { status: 'started' },
    });
    expect(computers.find((c) => c.name === 'lab-website')?.research).toBe(false);
    expect(state.faults.map((f) => f.kind)).toEqual(['ServiceException']);
  });

  it('POST /__sim/clock advances virtual time for everything', async () => {
    const before = sim.clock.now();
    const res = await fetch(`${sim.endpoint}/__sim/clock`, json({ advanceMs: 3_600_000 }));
    expect(res.status).toBe(200);
    expect(sim.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
    // The seeded started session has now run its hour.
    expect(sim.computer('us-east-2', 'genomics-notebook')?.session.status).toBe('startExpired');
  });

  it('POST /__sim/faults accepts one or many specs and refuses bad ones with the reason', async () => {
    const many = (await (
      await fetch(
        `${sim.endpoint}/__sim/faults`,
        json([
          { kind: 'hang', operation: 'GetRegions' },
          { kind: 'latency', latencyMs: 10 },
        ]),
      )
    ).json()) as { ids: string[] };
    expect(many.ids).toHaveLength(2);
    expect(sim.faults.list()).toHaveLength(2);
    const del = await fetch(`${sim.endpoint}/__sim/faults/${many.ids[0]}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(sim.faults.list().map((f) => f.kind)).toEqual(['latency']);

    const bad = await fetch(`${sim.endpoint}/__sim/faults`, json({ kind: 'Explode' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/kind must be one of/);
  });

  it('POST /__sim/computers adds a computer', async () => {
    const res = await fetch(
      `${sim.endpoint}/__sim/computers`,
      json({
        region: 'eu-west-2',
        name: 'added-over-http',
        blueprintId: 'lfr_rstudio_1_0',
        state: 'stopped',
      }),
    );
    expect(res.status).toBe(200);
    expect(sim.computer('eu-west-2', 'added-over-http')).toMatchObject({ state: 'stopped', research: true });
  });

  it('refuses non-JSON posts and foreign Host headers (no cross-site or rebinding use)', async () => {
    const form = await fetch(`${sim.endpoint}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"kind":"hang"}',
    });
    expect(form.status).toBe(415);
    expect(sim.faults.list()).toHaveLength(0);
    expect(await rawRequest('/__sim/state', `evil.example:${sim.port}`)).toBe(403);
    expect(await rawRequest('/__sim/state', `localhost:${sim.port}`)).toBe(200);
  });

  it('counts Lightsail calls, not admin or page requests', async () => {
    await fetch(`${sim.endpoint}/__sim/state`);
    await fetch(`${sim.endpoint}/dcv/us-east-2/genomics-notebook/app?authToken=nope`);
    expect(sim.calls()).toBe(0);
    const calls = (await (await fetch(`${sim.endpoint}/__sim/calls`)).json()) as { count: number };
    expect(calls.count).toBe(0);
  });
});

describe('Lightsail endpoint', () => {
  it('rejects an unsigned request as AWS does', async () => {
    const res = await fetch(`${sim.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Lightsail_20161128.GetRegions',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('refuses wrong-kind and unknown DCV links with the expired-or-invalid page', async () => {
    const res = await fetch(`${sim.endpoint}/dcv/us-east-2/genomics-notebook/desktop?authToken=guess`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Session link expired or invalid');
  });
});

describe('close()', () => {
  it('resolves while clients hold keep-alive connections, and stops listening', async () => {
    await (await fetch(`${sim.endpoint}/__sim/state`)).text();
    await sim.close();
    await expect(fetch(`${sim.endpoint}/__sim/state`)).rejects.toThrow();
    sim = await startSimulator({ seed: 'empty' });
  });
});

describe('admin routes for idle rules and session expiry', () => {
  it("POST /__sim/cpu sets a computer's simulated load; unknown computers are 404", async () => {
    const res = await fetch(
      `${sim.endpoint}/__sim/cpu`,
      json({ region: 'us-east-2', name: 'stats-rstudio', percent: 40 }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cpuPercent: number }).cpuPercent).toBe(40);
    expect(sim.computer('us-east-2', 'stats-rstudio')?.cpuPercent).toBe(40);
    expect(
      (await fetch(`${sim.endpoint}/__sim/cpu`, json({ region: 'us-east-2', name: 'nobody', percent: 1 })))
        .status,
    ).toBe(404);
    expect(
      (
        await fetch(
          `${sim.endpoint}/__sim/cpu`,
          json({ region: 'us-east-2', name: 'stats-rstudio', percent: 140 }),
        )
      ).status,
    ).toBe(400);
  });

  it('POST /__sim/timings shortens the one-hour session lifetime', async () => {
    expect(
      ((await (await fetch(`${sim.endpoint}/__sim/timings`)).json()) as { sessionLifetimeMs: number })
        .sessionLifetimeMs,
    ).toBe(3_600_000);
    const res = await fetch(`${sim.endpoint}/__sim/timings`, json({ sessionLifetimeMs: 120_000 }));
    expect(((await res.json()) as { sessionLifetimeMs: number }).sessionLifetimeMs).toBe(120_000);
    // genomics-notebook's session started at seed time: two minutes later it has expired.
    expect(sim.computer('us-east-2', 'genomics-notebook')?.session.status).toBe('started');
    sim.clock.advance(121_000);
    expect(sim.computer('us-east-2', 'genomics-notebook')?.session.status).toBe('startExpired');
    expect((await fetch(`${sim.endpoint}/__sim/timings`, json({ sessionLifetimeMs: 0 }))).status).toBe(400);
  });
});
