// Sign-in from the launcher against the simulator's IAM Identity Center, with the real SDK
// clients: the device flow approved on the stand-in page, the token cache another process's
// fromSSO reads, a token in the AWS CLI's own format, refresh, the expiry warning, sign-out,
// MFA, and profiles added from a start URL.
import { LAB_SSO_CONFIG } from '../fixtures/sso-lab.js';
import { execFile } from 'node:child_process';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { getSSOTokenFilepath } from '@smithy/shared-ini-file-loader';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCredentialStore } from '../../electron/core/credentials.js';
import { abortableSleep, type Clock } from '../../electron/core/ports.js';
import { runDeviceFlow } from '../../electron/core/sso-device-flow.js';
import { createSignIn, type SignIn, type SignInDeps } from '../../electron/core/sso-sign-in.js';
import { tokenCachePath, writeCachedToken } from '../../electron/core/sso-token-cache.js';
import type { SignInEntry } from '../../electron/shared/models.js';
import {
  TEST_ACCOUNT_ID,
  TEST_CREDENTIALS,
  startSimulator,
  type Simulator,
} from '../../electron/simulator/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const LEGACY_URL = 'https://legacy.awsapps.com/start';
const CONFIG = `# Research profiles: keep this comment
${LAB_SSO_CONFIG}
[profile legacy]
sso_start_url = ${LEGACY_URL}
sso_region = us-east-1
sso_account_id = ${TEST_ACCOUNT_ID}
sso_role_name = ReadOnly
region = us-east-2

[profile keys]
aws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}
aws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}

[profile mfa-role]
role_arn = arn:aws:iam::${TEST_ACCOUNT_ID}:role/Admin
source_profile = keys
mfa_serial = arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/alice
`;

let sim: Simulator;
let dir: string;
let env: Record<string, string>;
const oldHome = process.env.HOME;
const signIns: SignIn[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 'demo', sso: { intervalSec: 1 } });
});
afterAll(async () => {
  await sim.close();
  process.env.HOME = oldHome;
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lfr-sso-'));
  writeFileSync(join(dir, 'config'), CONFIG);
  env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  // The SDK's providers (fromSSO, token-providers) find the cache under the process's HOME.
  process.env.HOME = dir;
  sim.sso.setAutoApprove(false);
});
afterEach(() => {
  for (const s of signIns.splice(0)) s.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Real time, but poll intervals (seconds) shortened; long waits (refresh, warnings) stay real. */
const fastPolls: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => abortableSleep(ms <= 10_000 ? 30 : ms, signal),
};

/** A clock whose sleeps end only when the test advances it. */
function manualClock() {
  let offset = 0;
  const timers = new Set<{ at: number; resolve: () => void }>();
  const now = () => Date.now() + offset;
  const clock: Clock = {
    now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        if (ms <= 0) return resolve();
        const t = { at: now() + ms, resolve };
        timers.add(t);
        signal?.addEventListener(
          'abort',
          () => {
            timers.delete(t);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
  };
  return {
    clock,
    advance(ms: number) {
      offset += ms;
      for (const t of [...timers]) {
        if (t.at > now()) continue;
        timers.delete(t);
        t.resolve();
      }
    },
  };
}

/** The user's browser: opens the verification URL and presses Approve (or Deny). */
function browser(decision: 'approve' | 'deny' = 'approve') {
  const opened: string[] = [];
  const openExternal = async (url: string) => {
    opened.push(url);
    const page = await (await fetch(url)).text();
    const code = /id="user-code">([A-Z-]+)</.exec(page)?.[1];
    await fetch(new URL('/start/device', url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `user_code=${code}&decision=${decision}`,
    });
  };
  return { opened, openExternal };
}

function signIn(over: Partial<SignInDeps> = {}): SignIn {
  const s = createSignIn({
    inputs: { env, homedir: dir },
    clock: fastPolls,
    openExternal: browser().openExternal,
    clientConfig: { endpoint: sim.endpoint },
    ...over,
  });
  signIns.push(s);
  return s;
}

const entry = async (s: SignIn, id: string): Promise<SignInEntry | undefined> =>
  (await s.state()).entries.find((e) => e.id === id);

/** A token straight from the simulator's OIDC service, as `aws sso login` would get it. */
async function cliToken(refreshable: boolean) {
  const oidc = new SSOOIDCClient({ endpoint: sim.endpoint, region: 'us-east-1' });
  const reg = await oidc.send(
    new RegisterClientCommand({
      clientName: 'botocore-client-x',
      clientType: 'public',
      ...(refreshable ? { scopes: ['sso:account:access'] } : {}),
    }),
  );
  const dev = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId: reg.clientId!,
      clientSecret: reg.clientSecret!,
      startUrl: LEGACY_URL,
    }),
  );
  sim.sso.approve(dev.userCode);
  const tok = await oidc.send(
    new CreateTokenCommand({
      clientId: reg.clientId!,
      clientSecret: reg.clientSecret!,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: dev.deviceCode!,
    }),
  );
  oidc.destroy();
  return { reg, tok };
}

/** Run a fresh Node process that gets credentials with the SDK's own fromSSO and lists computers. */
function childFromSso(profile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = `
    import { fromSSO } from '@aws-sdk/credential-providers';
    import { LightsailClient, GetInstancesCommand } from '@aws-sdk/client-lightsail';
    const credentials = await fromSSO({ profile: ${JSON.stringify(profile)} })();
    const client = new LightsailClient({ region: 'us-east-2', endpoint: process.env.SIM, credentials });
    const out = await client.send(new GetInstancesCommand({}));
    console.log(JSON.stringify({ key: credentials.accessKeyId.slice(0, 4), instances: out.instances.length }));
    process.exit(0);`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: ROOT,
        timeout: 30_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          AWS_CONFIG_FILE: env.AWS_CONFIG_FILE,
          AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE,
          AWS_ENDPOINT_URL_SSO: sim.endpoint,
          SIM: sim.endpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('device sign-in', () => {
  it('signs in an sso-session profile: browser opened at the verification URL, code shown, token cached as the AWS CLI does', async () => {
    const b = browser();
    const signedIn = vi.fn();
    const s = signIn({ openExternal: b.openExternal, onSignedIn: signedIn });
    const seen: SignInEntry[] = [];
    s.onChange((st) => seen.push(...st.entries.filter((e) => e.id === 'session:lab')));

    const r = await s.start({ profile: 'research-sso' });
    expect(r).toEqual({ ok: true, value: null });
    expect(b.opened).toHaveLength(1);
    expect(b.opened[0]).toMatch(new RegExp(`^${sim.endpoint}/start/device\\?user_code=[A-Z]{4}-[A-Z]{4}$`));
    // The launcher showed the code while waiting, and never a token.
    const prompt = seen.find((e) => e.prompt)?.prompt;
    expect(prompt?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(JSON.stringify(seen)).not.toMatch(/accessToken|refreshToken|clientSecret/);
    expect(signedIn).toHaveBeenCalledWith(['research-sso']);

    const path = tokenCachePath(dir, 'lab');
    expect(path).toBe(getSSOTokenFilepath('lab'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const cached = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(Object.keys(cached)).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ]);
    expect(cached).toMatchObject({ startUrl: 'https://lab.awsapps.com/start', region: 'us-east-1' });
    expect(cached.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(readdirSync(join(dir, '.aws', 'sso', 'cache'))).toEqual([path.split('/').pop()]);
    expect(await entry(s, 'session:lab')).toMatchObject({ status: 'signed-in', profiles: ['research-sso'] });

    // Another SDK client in a fresh process uses the launcher's sign-in.
    const child = await childFromSso('research-sso');
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toMatchObject({ key: 'ASIA' });
    expect((JSON.parse(child.stdout) as { instances: number }).instances).toBeGreaterThan(0);
  });

  it('reuses the client registration for the next sign-in until it expires', async () => {
    const s = signIn();
    expect((await s.start({ session: 'lab' })).ok).toBe(true);
    const before = sim.sso.calls('OidcRegisterClient');
    expect((await s.start({ profile: 'research-sso' })).ok).toBe(true);
    expect(sim.sso.calls('OidcRegisterClient')).toBe(before);
  });

  it('signs in a legacy sso_start_url profile: cache keyed by the start URL, no refresh fields', async () => {
    const s = signIn();
    expect((await s.start({ profile: 'legacy' })).ok).toBe(true);
    const cached = JSON.parse(readFileSync(tokenCachePath(dir, LEGACY_URL), 'utf8')) as Record<
      string,
      string
    >;
    expect(Object.keys(cached)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt']);
    const store = createCredentialStore({ env, homedir: dir, clientConfig: { endpoint: sim.endpoint } });
    expect(await store.checkCredentials('legacy')).toEqual({ ok: true, value: null });
  });

  it('reports Deny in the browser as a denied sign-in, and Cancel as cancelled, leaving no token', async () => {
    const denied = signIn({ openExternal: browser('deny').openExternal });
    const r = await denied.start({ profile: 'research-sso' });
    expect(r.ok ? null : r.error.kind).toBe('access-denied');
    expect((await entry(denied, 'session:lab'))?.status).toBe('needs-sign-in');

    const waiting = signIn({ openExternal: () => {} });
    const pending = waiting.start({ profile: 'research-sso' });
    await vi.waitFor(async () => expect((await entry(waiting, 'session:lab'))?.prompt).toBeDefined());
    expect(await waiting.cancel({ session: 'lab' })).toBe(true);
    const c = await pending;
    expect(c.ok ? null : c.error.kind).toBe('cancelled');
    expect(existsSync(tokenCachePath(dir, 'lab'))).toBe(false);
    expect((await entry(waiting, 'session:lab'))?.status).toBe('needs-sign-in');
  });

  it('reads a token the AWS CLI wrote (its own field order and format)', async () => {
    const { tok } = await cliToken(false);
    // As botocore writes it for a legacy profile.
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(
      getSSOTokenFilepath(LEGACY_URL),
      JSON.stringify({ startUrl: LEGACY_URL, region: 'us-east-1', accessToken: tok.accessToken, expiresAt }),
    );
    const s = signIn();
    expect(await entry(s, `url:${LEGACY_URL}`)).toMatchObject({
      status: 'signed-in',
      kind: 'sso',
      profiles: ['legacy'],
    });
    const store = createCredentialStore({ env, homedir: dir, clientConfig: { endpoint: sim.endpoint } });
    const creds = await store.credentialsFor('legacy')();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
  });
});

describe('the client registration', () => {
  it('never uses the PKCE-only client the AWS CLI cached in the token file, and signs in with its own', async () => {
    // What `aws sso login` (2.22+, PKCE) leaves behind: its client, registered for
    // authorization_code and refresh_token only, in the session's token file.
    const oidc = new SSOOIDCClient({ endpoint: sim.endpoint, region: 'us-east-1' });
    const pkce = await oidc.send(
      new RegisterClientCommand({
        clientName: 'botocore-client-lab',
        clientType: 'public',
        scopes: ['sso:account:access'],
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: 'https://lab.awsapps.com/start',
      }),
    );
    oidc.destroy();
    const past = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const later = new Date(Date.now() + 80 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await writeCachedToken(dir, 'lab', {
      startUrl: 'https://lab.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'old',
      expiresAt: past,
      clientId: pkce.clientId!,
      clientSecret: pkce.clientSecret!,
      registrationExpiresAt: later,
      refreshToken: 'old-refresh',
    });
    const registered = sim.sso.calls('OidcRegisterClient');
    const starts = sim.sso.calls('OidcStartDeviceAuthorization');
    const s = signIn();
    expect(await s.start({ session: 'lab' })).toEqual({ ok: true, value: null });
    // Its own client, registered once; the CLI's was never offered to the service.
    expect(sim.sso.calls('OidcRegisterClient')).toBe(registered + 1);
    expect(sim.sso.calls('OidcStartDeviceAuthorization')).toBe(starts + 1);
    const cached = JSON.parse(readFileSync(tokenCachePath(dir, 'lab'), 'utf8')) as Record<string, string>;
    expect(cached.clientId).not.toBe(pkce.clientId);
    expect(cached.refreshToken).toBeTruthy();
  });

  it('registers once more and signs in when the service refuses the client it kept', async () => {
    const s = signIn();
    expect((await s.start({ session: 'lab' })).ok).toBe(true);
    // The registration is revoked on the service side.
    sim.sso.forgetClients();
    const registered = sim.sso.calls('OidcRegisterClient');
    expect(await s.start({ session: 'lab' })).toEqual({ ok: true, value: null });
    expect(sim.sso.calls('OidcRegisterClient')).toBe(registered + 1);
  });
});

describe('device flow polling', () => {
  it('polls CreateToken at the interval, adds 5 s after SlowDownException, and stops on ExpiredTokenException', async () => {
    const sleeps: number[] = [];
    let codes = 0;
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
    const target = { startUrl: 'https://lab.awsapps.com/start', region: 'us-east-1', sessionName: 'lab' };
    const approveOnThird = runDeviceFlow(
      target,
      { clock, clientConfig: { endpoint: sim.endpoint } },
      {
        onPrompt: (p) => {
          codes++;
          // Approved after the first polls (pending, then too fast) have been answered.
          setTimeout(() => sim.sso.approve(p.userCode), 150);
        },
      },
    );
    const tok = await approveOnThird;
    expect(codes).toBe(1);
    expect(tok.refreshToken).toBeTruthy();
    expect(sleeps[0]).toBe(1000);
    expect(sleeps).toContain(6000);

    const expired = runDeviceFlow(
      target,
      {
        clock: { now: () => Date.now(), sleep: async () => void sim.clock.advance(601_000) },
        clientConfig: { endpoint: sim.endpoint },
      },
      { onPrompt: () => {} },
    );
    await expect(expired).rejects.toMatchObject({
      detail: { kind: 'sign-in-required', name: 'ExpiredTokenException' },
    });
  });
});

describe('refresh and expiry', () => {
  it('refreshes an sso-session token before it expires, through token-providers, keeping the file 0600', async () => {
    const { reg, tok } = await cliToken(true);
    const expiresAt = new Date(Date.now() + 3 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await writeCachedToken(dir, 'lab', {
      startUrl: 'https://lab.awsapps.com/start',
      region: 'us-east-1',
      accessToken: tok.accessToken!,
      expiresAt,
      clientId: reg.clientId!,
      clientSecret: reg.clientSecret!,
      registrationExpiresAt: '2099-01-01T00:00:00Z',
      refreshToken: tok.refreshToken!,
    });
    const m = manualClock();
    const signedIn = vi.fn();
    const s = signIn({ clock: m.clock, onSignedIn: signedIn });
    await s.watch();
    await vi.waitFor(() => expect(signedIn).toHaveBeenCalledWith(['research-sso']));
    const cached = JSON.parse(readFileSync(tokenCachePath(dir, 'lab'), 'utf8')) as Record<string, string>;
    expect(cached.accessToken).not.toBe(tok.accessToken);
    expect(cached.refreshToken).not.toBe(tok.refreshToken);
    expect(Date.parse(cached.expiresAt!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(statSync(tokenCachePath(dir, 'lab')).mode & 0o777).toBe(0o600);
    expect((await entry(s, 'session:lab'))?.status).toBe('signed-in');
  });

  it('warns 15 minutes before a sign-in that cannot be refreshed ends, then asks for sign-in', async () => {
    const m = manualClock();
    const expiring = vi.fn();
    await writeCachedToken(dir, LEGACY_URL, {
      startUrl: LEGACY_URL,
      region: 'us-east-1',
      accessToken: 'x',
      expiresAt: new Date(m.clock.now() + 30 * 60_000).toISOString(),
    });
    const s = signIn({ clock: m.clock, onExpiring: expiring });
    await s.watch();
    await new Promise((r) => setTimeout(r, 50));
    m.advance(14 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(expiring).not.toHaveBeenCalled();
    m.advance(61_000);
    await vi.waitFor(() => expect(expiring).toHaveBeenCalledTimes(1));
    expect(expiring.mock.calls[0]![0]).toMatchObject({
      id: `url:${LEGACY_URL}`,
      status: 'expiring',
      profiles: ['legacy'],
    });
    expect((await entry(s, `url:${LEGACY_URL}`))?.status).toBe('expiring');
    m.advance(15 * 60_000);
    await vi.waitFor(async () => expect((await entry(s, `url:${LEGACY_URL}`))?.status).toBe('needs-sign-in'));
  });

  it('warns when the portal session has ended and the refresh token no longer works', async () => {
    const { reg, tok } = await cliToken(true);
    sim.sso.endSessions();
    await writeCachedToken(dir, 'lab', {
      startUrl: 'https://lab.awsapps.com/start',
      region: 'us-east-1',
      accessToken: tok.accessToken!,
      expiresAt: new Date(Date.now() + 3 * 60_000).toISOString(),
      clientId: reg.clientId!,
      clientSecret: reg.clientSecret!,
      registrationExpiresAt: '2099-01-01T00:00:00Z',
      refreshToken: tok.refreshToken!,
    });
    const expiring = vi.fn();
    // A session name of its own: token-providers rate-limits refreshes per session name.
    writeFileSync(join(dir, 'config'), CONFIG.replaceAll('lab', 'lab2'));
    await writeCachedToken(dir, 'lab2', JSON.parse(readFileSync(tokenCachePath(dir, 'lab'), 'utf8')));
    const s = signIn({ clock: manualClock().clock, onExpiring: expiring });
    await s.watch();
    await vi.waitFor(() => expect(expiring).toHaveBeenCalledTimes(1));
    expect(expiring.mock.calls[0]![0]).toMatchObject({ id: 'session:lab2', status: 'expiring' });
  });
});

describe('sign-out', () => {
  it('calls Logout and removes the cached token; the old token stops working', async () => {
    const s = signIn();
    const out = vi.fn();
    const t = signIn({ onSignedOut: out });
    expect((await s.start({ profile: 'research-sso' })).ok).toBe(true);
    const token = (JSON.parse(readFileSync(tokenCachePath(dir, 'lab'), 'utf8')) as { accessToken: string })
      .accessToken;
    const logouts = sim.sso.calls('PortalLogout');
    expect(await t.signOut({ profile: 'research-sso' })).toEqual({ ok: true, value: null });
    expect(sim.sso.calls('PortalLogout')).toBe(logouts + 1);
    expect(existsSync(tokenCachePath(dir, 'lab'))).toBe(false);
    expect(out).toHaveBeenCalledWith(['research-sso']);
    const portal = new SSOClient({ endpoint: sim.endpoint, region: 'us-east-1', maxAttempts: 1 });
    await expect(portal.send(new ListAccountsCommand({ accessToken: token }))).rejects.toMatchObject({
      name: 'UnauthorizedException',
    });
    portal.destroy();
    expect((await entry(t, 'session:lab'))?.status).toBe('needs-sign-in');
  });
});

describe('MFA', () => {
  it('asks for the code once per credential lifetime through the SDK, never writes it, and cancels cleanly', async () => {
    const s = signIn();
    const assumed: { TokenCode?: string; SerialNumber?: string }[] = [];
    const store = createCredentialStore({
      env,
      homedir: dir,
      askMfaCode: (p, serial) => s.askMfaCode(p, serial),
      // Stands in for STS AssumeRole, which the simulator does not serve.
      roleAssumer: async (_source, params) => {
        assumed.push({ TokenCode: params.TokenCode, SerialNumber: params.SerialNumber });
        return {
          accessKeyId: 'ASIAROLE',
          secretAccessKey: 's',
          sessionToken: 't',
          expiration: new Date(Date.now() + 3_600_000),
        };
      },
    });
    const first = store.credentialsFor('mfa-role')();
    const second = store.credentialsFor('mfa-role')();
    await vi.waitFor(async () => expect((await s.state()).mfa).toHaveLength(1));
    const [req] = (await s.state()).mfa;
    expect(req).toMatchObject({ profile: 'mfa-role', serial: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/alice` });
    expect(s.answerMfa(req!.id, '908172')).toBe(true);
    await expect(first).resolves.toMatchObject({ accessKeyId: 'ASIAROLE' });
    await expect(second).resolves.toMatchObject({ accessKeyId: 'ASIAROLE' });
    await store.credentialsFor('mfa-role')();
    expect(assumed).toEqual([
      { TokenCode: '908172', SerialNumber: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/alice` },
    ]);
    expect((await s.state()).mfa).toEqual([]);
    const written = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'));
    expect(written.some((t) => t.includes('908172'))).toBe(false);

    // Cancel: the fetch fails as cancelled, nothing is cached, the next use asks again.
    store.invalidate('mfa-role');
    const cancelled = store.checkCredentials('mfa-role');
    await vi.waitFor(async () => expect((await s.state()).mfa).toHaveLength(1));
    s.answerMfa((await s.state()).mfa[0]!.id, null);
    const r = await cancelled;
    expect(r.ok ? null : r.error.kind).toBe('cancelled');
    const again = store.checkCredentials('mfa-role');
    await vi.waitFor(async () => expect((await s.state()).mfa).toHaveLength(1));
    s.answerMfa((await s.state()).mfa[0]!.id, '654321');
    expect(await again).toEqual({ ok: true, value: null });
    expect(assumed.map((a) => a.TokenCode)).toEqual(['908172', '654321']);
  });
});

describe('profiles from a start URL', () => {
  it('signs in, lists accounts and roles, appends an sso-session and the chosen profiles after a backup, and they work at once', async () => {
    const s = signIn();
    const ref = { startUrl: 'https://class.awsapps.com/start', region: 'us-east-1', session: 'class' };
    const found = await s.discover(ref);
    if (!found.ok) throw new Error(found.error.message);
    expect(found.value.accounts).toEqual([
      { accountId: TEST_ACCOUNT_ID, accountName: 'Research', roles: ['LightsailResearcher', 'ReadOnly'] },
    ]);
    expect(found.value.suggested.map((p) => p.name)).toEqual([
      'research-lightsailresearcher',
      'research-readonly',
    ]);

    const added = await s.addProfiles({
      ...ref,
      profiles: [{ ...found.value.suggested[0]!, name: 'class-research', region: 'us-east-2' }],
    });
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.added).toEqual(['class-research']);
    const text = readFileSync(join(dir, 'config'), 'utf8');
    expect(text.startsWith(CONFIG)).toBe(true);
    expect(readFileSync(added.value.backup!, 'utf8')).toBe(CONFIG);
    expect(text.slice(CONFIG.length)).toBe(
      `\n[sso-session class]\nsso_start_url = https://class.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n` +
        `[profile class-research]\nsso_session = class\nsso_account_id = ${TEST_ACCOUNT_ID}\nsso_role_name = LightsailResearcher\nregion = us-east-2\n`,
    );
    expect(await entry(s, 'session:class')).toMatchObject({
      status: 'signed-in',
      profiles: ['class-research'],
    });
    const store = createCredentialStore({ env, homedir: dir, clientConfig: { endpoint: sim.endpoint } });
    expect(await store.checkCredentials('class-research')).toEqual({ ok: true, value: null });

    const clash = await s.addProfiles({
      ...ref,
      profiles: [{ name: 'legacy', accountId: TEST_ACCOUNT_ID, roleName: 'ReadOnly' }],
    });
    expect(clash.ok ? null : clash.error.kind).toBe('invalid-input');
  });
});
