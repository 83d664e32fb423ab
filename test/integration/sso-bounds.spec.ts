// IAM Identity Center endpoints that misbehave, served by a small local stand-in: silent OIDC
// and portal endpoints end in errors at their deadlines (timed with fake timers), a repeated
// ListAccounts page token ends the listing, and the device flow bounds its polling.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock, type Clock } from '../../electron/core/ports.js';
import { MAX_POLL_INTERVAL_MS, runDeviceFlow } from '../../electron/core/sso-device-flow.js';
import { listPortalAccounts } from '../../electron/core/sso-portal.js';
import { createSignIn } from '../../electron/core/sso-sign-in.js';
import { writeCachedToken } from '../../electron/core/sso-token-cache.js';
import { eventually } from '../fixtures/eventually.js';
import { LAB_SSO_CONFIG } from '../fixtures/sso-lab.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let endpoint: string;
let routes: Record<string, Handler>;
let received: string[];
let dir: string;

const json =
  (status: number, body: unknown, type?: string): Handler =>
  (_req, res) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(type ? { 'x-amzn-errortype': type } : {}),
    });
    res.end(JSON.stringify(body));
  };
/** Reads the request and never answers. */
const silent: Handler = () => undefined;

beforeEach(async () => {
  routes = {};
  received = [];
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    received.push(path);
    req.resume();
    req.on('end', () =>
      (routes[path] ?? json(404, { message: 'no route' }, 'ResourceNotFoundException'))(req, res),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'lfr-ssob-'));
  writeFileSync(join(dir, 'config'), LAB_SSO_CONFIG);
});
afterEach(async () => {
  vi.useRealTimers();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const register = json(200, {
  clientId: 'c',
  clientSecret: 's',
  clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 86_400 * 30,
});
const target = { startUrl: 'https://lab.awsapps.com/start', region: 'us-east-1', sessionName: 'lab' };

/** Until the stand-in has received a request for `path` (over real sockets, whatever the fake timers). */
const until = (path: string) => eventually(() => received.includes(path), `a request for ${path}`);

/** Settled value of p, or 'pending'. */
const peek = <T>(p: Promise<T>) =>
  Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

/** Time that tests move by hand: only the timers the deadlines use. */
const fakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

/** Once `path` was asked for, `r` is still waiting 1 ms before the 30 s deadline, and not after it. */
async function atDeadline(path: string, r: Promise<unknown>): Promise<void> {
  await until(path);
  await vi.advanceTimersByTimeAsync(29_999);
  expect(await peek(r)).toBe('pending');
  await vi.advanceTimersByTimeAsync(1);
}

/** The sign-in of the lab config, its OIDC and portal calls sent to the stand-in. */
const labSignIn = () =>
  createSignIn({
    inputs: { env: { AWS_CONFIG_FILE: join(dir, 'config') }, homedir: dir },
    clock: systemClock,
    openExternal: () => {},
    clientConfig: { endpoint },
  });

describe('silent Identity Center endpoints', () => {
  it('a silent OIDC endpoint ends the sign-in in a timeout at the 30 s deadline', async () => {
    routes['/client/register'] = silent;
    fakeTimers();
    // The default policy: three attempts, each cut off after 20 s of silence, all within 30 s.
    const s = labSignIn();
    const r = s.start({ session: 'lab' });
    await atDeadline('/client/register', r);
    const out = await r;
    expect(out.ok ? null : out.error.kind).toBe('timeout');
    s.dispose();
  });

  it('a silent portal endpoint ends sign-out in a timeout at the deadline, and Cancel ends it at once', async () => {
    routes['/logout'] = silent;
    mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
    const token = {
      startUrl: target.startUrl,
      region: 'us-east-1',
      accessToken: 'tok',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    await writeCachedToken(dir, 'lab', token);
    fakeTimers();
    const s = labSignIn();
    // As `aws sso logout`: a portal that does not answer still signs out locally, at the deadline.
    const r = s.signOut({ session: 'lab' });
    await atDeadline('/logout', r);
    expect(await r).toEqual({ ok: true, value: null });

    await writeCachedToken(dir, 'lab', token);
    received.length = 0;
    const again = s.signOut({ session: 'lab' });
    await until('/logout');
    expect(await s.cancel({ session: 'lab' })).toBe(true);
    const c = await again;
    expect(c.ok ? null : c.error.kind).toBe('cancelled');
    expect((await s.state()).entries.find((e) => e.id === 'session:lab')?.status).toBe('signed-in');
    s.dispose();
  });

  it('a silent portal ends the account listing in a timeout at the deadline', async () => {
    routes['/assignment/accounts'] = silent;
    fakeTimers();
    const r = listPortalAccounts('tok', 'us-east-1', { endpoint });
    r.catch(() => undefined);
    await atDeadline('/assignment/accounts', r);
    await expect(r).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('portal paging', () => {
  it('a ListAccounts page token that repeats ends the listing with an error', async () => {
    routes['/assignment/accounts'] = json(200, {
      accountList: [{ accountId: '111122223333', accountName: 'A' }],
      nextToken: 'same',
    });
    await expect(listPortalAccounts('tok', 'us-east-1', { endpoint, maxAttempts: 1 })).rejects.toMatchObject({
      detail: { kind: 'service', name: 'PaginationLoop' },
    });
    expect(received.filter((p) => p === '/assignment/accounts').length).toBe(2);
  });

  it('too many pages end the listing with an error', async () => {
    let n = 0;
    routes['/assignment/accounts'] = (req, res) =>
      json(200, { accountList: [], nextToken: `t${n++}` })(req, res);
    await expect(
      listPortalAccounts('tok', 'us-east-1', { endpoint, maxAttempts: 1 }, {}, 5),
    ).rejects.toMatchObject({
      detail: { name: 'PaginationLoop', message: expect.stringMatching(/more than 5/) },
    });
    expect(n).toBe(5);
  });
});

/** The device flow against the stand-in, one attempt per call, on `clock`. */
const deviceFlow = (clock: Clock) =>
  runDeviceFlow(target, { clock, clientConfig: { endpoint, maxAttempts: 1 } }, { onPrompt: () => {} });

/** The device authorization answer: a code that lives `expiresIn` s, polled every `interval` s. */
const deviceCode = (expiresIn: number, interval: number) =>
  json(200, {
    deviceCode: 'd',
    userCode: 'ABCD-EFGH',
    verificationUri: `${endpoint}/v`,
    expiresIn,
    interval,
  });

describe('device flow bounds', () => {
  /** A clock whose sleeps pass at once, recording them. */
  function jumping() {
    let now = Date.UTC(2026, 11, 6);
    const sleeps: number[] = [];
    const clock: Clock = { now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
    return { clock, sleeps };
  }

  it('clamps a huge interval and stops polling at the code’s expiry', async () => {
    routes['/client/register'] = register;
    routes['/device_authorization'] = deviceCode(120, 1e9);
    let polls = 0;
    routes['/token'] = (req, res) => {
      polls++;
      json(400, { error: 'authorization_pending' }, 'AuthorizationPendingException')(req, res);
    };
    const { clock, sleeps } = jumping();
    await expect(deviceFlow(clock)).rejects.toMatchObject({
      detail: { kind: 'sign-in-required', name: 'ExpiredTokenException' },
    });
    expect(Math.max(...sleeps)).toBe(MAX_POLL_INTERVAL_MS);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(120_000);
    expect(polls).toBe(4);
  });

  it('a tiny or missing interval polls once a second at most', async () => {
    routes['/client/register'] = register;
    routes['/device_authorization'] = deviceCode(5, 0.001);
    routes['/token'] = json(400, { error: 'authorization_pending' }, 'AuthorizationPendingException');
    const { clock, sleeps } = jumping();
    await expect(deviceFlow(clock)).rejects.toMatchObject({ detail: { name: 'ExpiredTokenException' } });
    expect(sleeps).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('refuses a code or a token with an impossible expiresIn, rather than counting it as signed in', async () => {
    routes['/client/register'] = register;
    routes['/device_authorization'] = deviceCode(-5, 1);
    const { clock } = jumping();
    await expect(deviceFlow(clock)).rejects.toMatchObject({
      detail: { name: 'InvalidSignInAnswer', message: expect.stringMatching(/-5 s/) },
    });

    routes['/device_authorization'] = deviceCode(600, 1);
    routes['/token'] = json(200, { accessToken: 'a', tokenType: 'Bearer', expiresIn: -3600 });
    await expect(deviceFlow(clock)).rejects.toMatchObject({
      detail: {
        name: 'InvalidSignInAnswer',
        message: expect.stringMatching(/token with an impossible lifetime/),
      },
    });
  });
});
