import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCredentialStore } from '../../electron/core/credentials.js';
import { eventually } from '../fixtures/eventually.js';

let home: string;
let cfg: string;
let creds: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'lfr-cred-'));
  await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  cfg = join(home, 'custom-config');
  creds = join(home, 'custom-credentials');
  // The SDK looks for the SSO token cache under $HOME of the process.
  vi.stubEnv('HOME', home);
  // Nothing here may reach AWS: any client the providers build would be pointed at a closed port.
  vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});

const store = () =>
  createCredentialStore({ env: { AWS_CONFIG_FILE: cfg, AWS_SHARED_CREDENTIALS_FILE: creds }, homedir: home });

async function tokenCache(key: string, token: Record<string, unknown>) {
  const name = createHash('sha1').update(key).digest('hex');
  await writeFile(join(home, '.aws', 'sso', 'cache', `${name}.json`), JSON.stringify(token));
}

const SSO_CONFIG = `[profile research]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Researcher
region = us-east-1

[sso-session corp]
sso_region = us-east-1
sso_start_url = https://corp.awsapps.com/start
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Researcher
`;

describe('static keys', () => {
  it('come from the credentials file named by AWS_SHARED_CREDENTIALS_FILE', async () => {
    await writeFile(creds, '[lab]\naws_access_key_id = AKIDLAB\naws_secret_access_key = s3cret\n');
    const s = store();
    await expect(s.credentialsFor('lab')()).resolves.toMatchObject({
      accessKeyId: 'AKIDLAB',
      secretAccessKey: 's3cret',
    });
    expect(await s.checkCredentials('lab')).toEqual({ ok: true, value: null });
  });

  it('are cached per profile until invalidated', async () => {
    await writeFile(creds, '[lab]\naws_access_key_id = AKIDONE\naws_secret_access_key = a\n');
    const s = store();
    const provider = s.credentialsFor('lab');
    expect((await provider()).accessKeyId).toBe('AKIDONE');
    await writeFile(creds, '[lab]\naws_access_key_id = AKIDTWO\naws_secret_access_key = b\n');
    expect((await provider()).accessKeyId).toBe('AKIDONE');
    s.invalidate('lab');
    // the same provider function (held by existing clients) now yields the new keys
    expect((await provider()).accessKeyId).toBe('AKIDTWO');
  });

  it('a profile in a file that also holds [profile __proto__] still works', async () => {
    await writeFile(
      cfg,
      '[profile __proto__]\nregion = us-east-1\n[profile fine]\naws_access_key_id = AKIDFINE\naws_secret_access_key = x\n',
    );
    const s = store();
    await expect(s.credentialsFor('fine')()).resolves.toMatchObject({ accessKeyId: 'AKIDFINE' });
    const broken = await s.checkCredentials('__proto__');
    expect(broken.ok).toBe(false);
    if (!broken.ok)
      expect(broken.error).toMatchObject({
        kind: 'profile-invalid',
        profile: '__proto__',
        message: expect.stringMatching(/line 1/),
      });
    // once the file is fixed, the SDK reads the real file again (no stale in-memory copy)
    await writeFile(cfg, '[profile fine]\naws_access_key_id = AKIDFIXED\naws_secret_access_key = x\n');
    s.invalidate('fine');
    await expect(s.credentialsFor('fine')()).resolves.toMatchObject({ accessKeyId: 'AKIDFIXED' });
  });

  it('a [constructor] section in either file leaves Object alone and the other profiles working', async () => {
    const entries = Object.entries;
    try {
      await writeFile(cfg, '[constructor]\nentries = 1\n[profile fine]\nregion = us-east-1\n');
      await writeFile(
        creds,
        '[toString]\nx = 1\n[fine]\naws_access_key_id = AKIDFINE\naws_secret_access_key = x\n',
      );
      const s = store();
      await expect(s.credentialsFor('fine')()).resolves.toMatchObject({ accessKeyId: 'AKIDFINE' });
      expect(Object.entries).toBe(entries);
      expect(Object.getOwnPropertyNames(Object.prototype.toString)).not.toContain('x');
      const broken = await s.checkCredentials('constructor');
      expect(broken.ok || broken.error).toMatchObject({
        kind: 'profile-invalid',
        profile: 'constructor',
        message: expect.stringMatching(/line 1/),
      });
    } finally {
      Object.entries = entries;
      delete (Object.prototype.toString as unknown as Record<string, unknown>)['x'];
    }
  });

  it('an sso_session naming a section that was filtered out is a profile error, before the SDK looks it up', async () => {
    await writeFile(
      cfg,
      '[sso-session toString]\nsso_region = us-east-1\n[profile p]\nsso_session = toString\nsso_account_id = 1\nsso_role_name = r\n',
    );
    const r = await store().checkCredentials('p');
    expect(r.ok || r.error).toMatchObject({
      kind: 'profile-invalid',
      profile: 'p',
      message: expect.stringMatching(/\[sso-session toString\]/),
    });
  });

  it('a config file that cannot be read is an error on the profile that says so', async () => {
    await mkdir(cfg);
    const r = await store().checkCredentials('default');
    expect(r.ok || r.error).toMatchObject({
      kind: 'profile-invalid',
      profile: 'default',
      message: expect.stringMatching(/cannot be read/),
    });
  });

  it('a profile that does not exist is reported as such', async () => {
    await writeFile(creds, '[lab]\naws_access_key_id = A\naws_secret_access_key = b\n');
    const r = await store().checkCredentials('ghost');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        kind: 'profile-invalid',
        profile: 'ghost',
        message: expect.stringMatching(/ghost was not found/),
      });
  });
});

describe('assume-role', () => {
  it('chains from the source profile to STS (here a closed local port, so a network error on that profile)', async () => {
    await writeFile(creds, '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n');
    await writeFile(
      cfg,
      '[profile lab]\nrole_arn = arn:aws:iam::111122223333:role/Lab\nsource_profile = base\nregion = us-east-1\n',
    );
    const s = createCredentialStore({
      env: { AWS_CONFIG_FILE: cfg, AWS_SHARED_CREDENTIALS_FILE: creds },
      homedir: home,
      clientConfig: { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 },
    });
    const r = await s.checkCredentials('lab');
    expect(r.ok || r.error).toMatchObject({ kind: 'network', profile: 'lab' });
  });

  it('a source_profile that does not exist is a credentials error', async () => {
    await writeFile(
      cfg,
      '[profile lab]\nrole_arn = arn:aws:iam::111122223333:role/Lab\nsource_profile = ghost\n',
    );
    const r = await store().checkCredentials('lab');
    expect(r.ok || r.error.kind).toBe('no-credentials');
  });
});

describe('credential_process', () => {
  it('runs the command and uses the JSON it prints', async () => {
    const script = join(home, 'creds.mjs');
    await writeFile(
      script,
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROC', SecretAccessKey: 'from-process', SessionToken: 'tok', Expiration: new Date(Date.now() + 3600e3).toISOString() }));`,
    );
    await writeFile(cfg, `[profile proc]\ncredential_process = "${process.execPath}" "${script}"\n`);
    const c = await store().credentialsFor('proc')();
    expect(c).toMatchObject({
      accessKeyId: 'AKIDPROC',
      secretAccessKey: 'from-process',
      sessionToken: 'tok',
    });
    expect(c.expiration).toBeInstanceOf(Date);
  });

  it('a failing command is a credentials error on that profile', async () => {
    await writeFile(cfg, `[profile proc]\ncredential_process = "${process.execPath}" -e "process.exit(3)"\n`);
    const r = await store().checkCredentials('proc');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'no-credentials', profile: 'proc' });
  });
});

describe('SSO', () => {
  it('an expired token of an sso-session profile means "sign in again" with the command', async () => {
    await writeFile(cfg, SSO_CONFIG);
    // no refreshToken/clientId: the SDK cannot try a refresh, so it makes no network call
    await tokenCache('corp', {
      accessToken: 'old',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    });
    const r = await store().checkCredentials('research');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({
        kind: 'sign-in-required',
        profile: 'research',
        command: 'aws sso login --profile research',
      });
      expect(r.error.message).toMatch(/research/);
      expect(r.error.nextStep).toMatch(/aws sso login --profile research/);
    }
  });

  it('an expired token of a legacy sso_start_url profile means "sign in again"', async () => {
    await writeFile(cfg, SSO_CONFIG);
    await tokenCache('https://legacy.awsapps.com/start', {
      accessToken: 'old',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
      region: 'us-east-1',
    });
    const r = await store().checkCredentials('legacy');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({ kind: 'sign-in-required', command: 'aws sso login --profile legacy' });
  });

  it('a missing token (never signed in) means "sign in again"', async () => {
    await writeFile(cfg, SSO_CONFIG);
    const r = await store().checkCredentials('research');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        kind: 'sign-in-required',
        command: 'aws sso login --profile research',
      });
  });

  it('after signing in, the same store tries again instead of repeating the old failure', async () => {
    await writeFile(cfg, SSO_CONFIG);
    const s = createCredentialStore({
      env: { AWS_CONFIG_FILE: cfg, AWS_SHARED_CREDENTIALS_FILE: creds },
      homedir: home,
      clientConfig: { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 },
    });
    const before = await s.checkCredentials('research');
    expect(before.ok || before.error.kind).toBe('sign-in-required');
    // "aws sso login" wrote a fresh token: the next attempt reads it and goes on to fetch the
    // role credentials from the SSO portal, which here is a closed local port.
    await tokenCache('corp', {
      accessToken: 'fresh',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    });
    const after = await s.checkCredentials('research');
    expect(after.ok || after.error.kind).toBe('network');
    s.invalidate('research');
    const again = await s.checkCredentials('research');
    expect(again.ok || again.error.kind).toBe('network');
  });
});

describe('the credential deadline', () => {
  it('does not count the time the user takes to type an MFA code', async () => {
    const { manualClock } = await import('../fixtures/manual-clock.js');
    await writeFile(
      cfg,
      '[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n[profile role]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n',
    );
    const clock = manualClock();
    let give: (code: string) => void = () => undefined;
    let asked = false;
    const s = createCredentialStore({
      env: { AWS_CONFIG_FILE: cfg, AWS_SHARED_CREDENTIALS_FILE: creds },
      homedir: home,
      clock,
      deadlineMs: 25_000,
      askMfaCode: () => new Promise<string>((r) => ((give = r), (asked = true))),
      roleAssumer: async (_source, params) => ({
        accessKeyId: `AKIDROLE-${params.TokenCode}`,
        secretAccessKey: 'r',
      }),
    });
    const got = s.credentialsFor('role')();
    // The user is slow: a minute passes while the prompt is open.
    // Once the prompt is open, nothing waits on the deadline's clock.
    await eventually(() => asked && clock.pending() === 0, 'the MFA prompt open, the deadline paused');
    clock.advance(60_000);
    give('123456');
    await expect(got).resolves.toMatchObject({ accessKeyId: 'AKIDROLE-123456' });
  });

  it('reads a credential_process answer as the SDK does', async () => {
    const { parseProcessCredentials } = await import('../../electron/core/credential-process.js');
    const now = Date.UTC(2026, 0, 1);
    expect(
      parseProcessCredentials(
        'p',
        '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","SessionToken":"T","Expiration":"2026-01-02T00:00:00Z"}',
        '111122223333',
        now,
      ),
    ).toEqual({
      accessKeyId: 'A',
      secretAccessKey: 'S',
      sessionToken: 'T',
      expiration: new Date('2026-01-02T00:00:00Z'),
      accountId: '111122223333',
    });
    expect(() => parseProcessCredentials('p', 'not json', undefined, now)).toThrow(/invalid JSON/);
    expect(() => parseProcessCredentials('p', '{"Version":2}', undefined, now)).toThrow(/Version 1/);
    expect(() => parseProcessCredentials('p', '{"Version":1,"AccessKeyId":"A"}', undefined, now)).toThrow(
      /invalid credentials/,
    );
    expect(() =>
      parseProcessCredentials(
        'p',
        '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2025-01-01T00:00:00Z"}',
        undefined,
        now,
      ),
    ).toThrow(/expired/);
  });
});
