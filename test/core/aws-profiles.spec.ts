import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  externalDataInterceptor,
  loadSharedConfigFiles,
  parseKnownFiles,
} from '@smithy/shared-ini-file-loader';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listProfiles,
  loadProfileData,
  loadProfileDataSync,
  profileEndpointUrl,
  profileIgnoresConfiguredEndpoints,
  profileKind,
  sharedFilePaths,
} from '../../electron/core/aws-profiles.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'lfr-home-'));
  await mkdir(join(home, '.aws'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const CONFIG = `[default]
region = us-east-1

[profile research]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Researcher
region = us-west-2

[sso-session corp]
sso_region = us-east-1
sso_start_url = https://corp.awsapps.com/start

[profile legacy-sso]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile lab]
role_arn = arn:aws:iam::111122223333:role/Lab
source_profile = default
region = eu-central-1

[profile ec2role]
role_arn = arn:aws:iam::111122223333:role/Lab
credential_source = Ec2InstanceMetadata

[profile proc]
credential_process = /usr/local/bin/get-creds

[profile ci]
web_identity_token_file = /var/run/token
role_arn = arn:aws:iam::111122223333:role/Ci

[profile bare]
output = json
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret

[keys-only]
aws_access_key_id = AKIAEXAMPLE2
aws_secret_access_key = secret2
`;

async function write(config: string | undefined, credentials: string | undefined) {
  if (config !== undefined) await writeFile(join(home, '.aws', 'config'), config);
  if (credentials !== undefined) await writeFile(join(home, '.aws', 'credentials'), credentials);
}

describe('listProfiles', () => {
  it('lists every profile of both files with its kind, region and sources, default first', async () => {
    await write(CONFIG, CREDENTIALS);
    const profiles = await listProfiles({ env: {}, homedir: home });
    const cfg = join(home, '.aws', 'config');
    const creds = join(home, '.aws', 'credentials');
    expect(profiles.map((p) => [p.name, p.kind, p.region])).toEqual([
      ['default', 'static', 'us-east-1'],
      ['bare', 'unknown', undefined],
      ['ci', 'web-identity', undefined],
      ['ec2role', 'assume-role', undefined],
      ['keys-only', 'static', undefined],
      ['lab', 'assume-role', 'eu-central-1'],
      ['legacy-sso', 'sso', undefined],
      ['proc', 'credential-process', undefined],
      ['research', 'sso-session', 'us-west-2'],
    ]);
    expect(profiles[0]).toMatchObject({ isDefault: true, sources: [cfg, creds], diagnostics: [] });
    expect(profiles.find((p) => p.name === 'keys-only')).toMatchObject({
      isDefault: false,
      sources: [creds],
    });
    expect(profiles.find((p) => p.name === 'research')!.sources).toEqual([cfg]);
    // an sso-session section is not a profile
    expect(profiles.some((p) => p.name.includes('corp'))).toBe(false);
  });

  it('honours AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE and AWS_REGION', async () => {
    const cfg = join(home, 'elsewhere-config');
    const creds = join(home, 'elsewhere-credentials');
    await writeFile(cfg, CONFIG);
    await writeFile(creds, CREDENTIALS);
    await write('[profile ignored]\nregion = x\n', undefined);
    const profiles = await listProfiles({
      env: {
        AWS_CONFIG_FILE: cfg,
        AWS_SHARED_CREDENTIALS_FILE: creds,
        AWS_PROFILE: 'research',
        AWS_REGION: 'ap-southeast-2',
        AWS_DEFAULT_REGION: 'sa-east-1',
      },
      homedir: home,
    });
    expect(profiles.some((p) => p.name === 'ignored')).toBe(false);
    expect(profiles[0]).toMatchObject({
      name: 'research',
      isDefault: true,
      region: 'ap-southeast-2',
      sources: [cfg],
    });
    // the environment region applies to the selected profile only
    expect(profiles.find((p) => p.name === 'default')).toMatchObject({
      isDefault: false,
      region: 'us-east-1',
    });
  });

  it('uses AWS_DEFAULT_REGION when AWS_REGION is unset', async () => {
    await write(CONFIG, CREDENTIALS);
    const profiles = await listProfiles({ env: { AWS_DEFAULT_REGION: 'sa-east-1' }, homedir: home });
    expect(profiles[0]).toMatchObject({ name: 'default', region: 'sa-east-1' });
  });

  it('expands ~/ in the file variables with the given home directory', () => {
    expect(sharedFilePaths({ env: { AWS_CONFIG_FILE: '~/x/config' }, homedir: '/h' }).configFile).toBe(
      join('/h', 'x', 'config'),
    );
  });

  it('returns an empty list when neither file exists', async () => {
    expect(await listProfiles({ env: {}, homedir: join(home, 'nowhere') })).toEqual([]);
  });

  it('re-reads the files on every call', async () => {
    await write('[profile a]\nregion = eu-west-1\n', undefined);
    expect((await listProfiles({ env: {}, homedir: home })).map((p) => p.name)).toEqual(['a']);
    await write('[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-2\n', undefined);
    expect((await listProfiles({ env: {}, homedir: home })).map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('a [profile __proto__] section is reported on that profile and the other profiles of the file still list', async () => {
    await write(
      '[profile good]\nregion = eu-west-1\n[profile __proto__]\nregion = us-east-1\n[profile also-good]\nregion = us-west-2\n',
      CREDENTIALS,
    );
    const profiles = await listProfiles({ env: {}, homedir: home });
    expect(profiles.map((p) => p.name)).toEqual(['default', '__proto__', 'also-good', 'good', 'keys-only']);
    expect(profiles.find((p) => p.name === 'also-good')).toMatchObject({
      region: 'us-west-2',
      diagnostics: [],
    });
    const broken = profiles.find((p) => p.name === '__proto__')!;
    expect(broken.kind).toBe('unknown');
    expect(broken.diagnostics).toEqual([
      expect.objectContaining({ line: 3, severity: 'error', file: join(home, '.aws', 'config') }),
    ]);
  });

  it('shows a section the SDK ignores as a profile carrying the reason, and puts line diagnostics on their profile', async () => {
    await write(
      '[default]\nregion = us-east-1\n[oops]\nregion = eu-west-1\n[profile research]\nregion: eu-west-2\n',
      '[oops]\naws_access_key_id = A\naws_secret_access_key = B\n',
    );
    const profiles = await listProfiles({ env: {}, homedir: home });
    const oops = profiles.find((p) => p.name === 'oops')!;
    expect(oops.kind).toBe('static');
    expect(oops.diagnostics).toEqual([
      expect.objectContaining({
        line: 3,
        severity: 'error',
        reason: expect.stringMatching(/\[profile oops\]/),
      }),
    ]);
    expect(profiles.find((p) => p.name === 'research')!.diagnostics).toEqual([
      expect.objectContaining({ line: 6 }),
    ]);
    expect(profiles.find((p) => p.name === 'default')!.diagnostics).toEqual([]);
  });

  it('reports a missing sso-session section and a missing source_profile on the profile', async () => {
    await write(
      '[profile a]\nsso_session = nope\n[profile b]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = ghost\n',
      undefined,
    );
    const profiles = await listProfiles({ env: {}, homedir: home });
    expect(profiles.find((p) => p.name === 'a')!.diagnostics).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringMatching(/\[sso-session nope\]/) }),
    ]);
    expect(profiles.find((p) => p.name === 'b')!.diagnostics).toEqual([
      expect.objectContaining({ line: 5, reason: expect.stringMatching(/"ghost"/) }),
    ]);
  });

  it('puts an sso-session section problem on the profiles that use it, and file-level problems on the file profiles', async () => {
    await write(
      '\uFEFF[profile a]\nsso_session = s\n[profile b]\nregion = x\n[sso-session s]\nsso_region = us-east-1\nsso_region = us-west-2\n',
      undefined,
    );
    const profiles = await listProfiles({ env: {}, homedir: home });
    const a = profiles.find((p) => p.name === 'a')!;
    const b = profiles.find((p) => p.name === 'b')!;
    expect(a.diagnostics.map((d) => d.line)).toEqual([1, 7]);
    expect(b.diagnostics.map((d) => d.line)).toEqual([1]);
  });
});

describe('files that could change the process', () => {
  // Everything a polluted parse would overwrite, to check afterwards (and to restore, so a
  // regression fails this test instead of every later one).
  const originals = () => ({
    statics: Object.getOwnPropertyNames(Object).map(
      (k) => [k, (Object as unknown as Record<string, unknown>)[k]] as const,
    ),
    onToString: Object.getOwnPropertyNames(Object.prototype.toString),
    onHasOwn: Object.getOwnPropertyNames(Object.prototype.hasOwnProperty),
  });
  let before: ReturnType<typeof originals>;
  beforeEach(() => {
    before = originals();
  });
  afterEach(() => {
    const statics = Object as unknown as Record<string, unknown>;
    for (const [k, v] of before.statics) if (statics[k] !== v) statics[k] = v;
    for (const fn of [Object.prototype.toString, Object.prototype.hasOwnProperty] as unknown as Record<
      string,
      unknown
    >[])
      for (const k of Object.getOwnPropertyNames(fn)) if (!['length', 'name'].includes(k)) delete fn[k];
  });

  const HOSTILE_CONFIG = [
    '[profile good]', // 1
    'region = eu-west-1',
    '[constructor]', // 3
    'entries = 1',
    'keys = 2',
    '[profile toString]', // 6
    'foo = bar',
    '[profile constructor]', // 8
    'assign = 3',
    '[sso-session hasOwnProperty]', // 10
    'sso_region = us-east-1',
    '[profile uses-bad-session]', // 12
    'sso_session = hasOwnProperty',
    '[services valueOf]', // 14
    'lightsail =',
    '  endpoint_url = http://127.0.0.1:1',
    '[profile also-good]', // 17
    'region = us-west-2',
    '',
  ].join('\n');
  const HOSTILE_CREDENTIALS =
    '[hasOwnProperty]\nfoo = 1\n[constructor]\nfromEntries = 4\n[keys-only]\naws_access_key_id = AKIAEXAMPLE2\naws_secret_access_key = secret2\n';

  it('Object.prototype names as sections change nothing outside their own profile, and are reported with file and line', async () => {
    await write(HOSTILE_CONFIG, HOSTILE_CREDENTIALS);
    const profiles = await listProfiles({ env: {}, homedir: home });
    // The SDK's own loaders, as every Lightsail client and credential provider uses them.
    const paths = {
      configFilepath: join(home, '.aws', 'config'),
      filepath: join(home, '.aws', 'credentials'),
    };
    const sdk = await loadSharedConfigFiles({ ...paths, ignoreCache: true });
    const merged = await parseKnownFiles(paths);

    expect(originals()).toEqual(before);
    expect(Object.entries({ a: 1 })).toEqual([['a', 1]]);
    expect(Object.keys({ b: 1 })).toEqual(['b']);
    expect(Object.assign({}, { c: 1 })).toEqual({ c: 1 });
    expect(Object.fromEntries([['d', 1]])).toEqual({ d: 1 });

    expect(profiles.map((p) => p.name)).toEqual([
      'also-good',
      'constructor',
      'good',
      'hasOwnProperty',
      'keys-only',
      'toString',
      'uses-bad-session',
    ]);
    expect(profiles.find((p) => p.name === 'good')).toMatchObject({ region: 'eu-west-1', diagnostics: [] });
    expect(profiles.find((p) => p.name === 'also-good')).toMatchObject({
      region: 'us-west-2',
      diagnostics: [],
    });
    expect(profiles.find((p) => p.name === 'keys-only')).toMatchObject({ kind: 'static', diagnostics: [] });
    expect(sdk.credentialsFile['keys-only']).toMatchObject({ aws_access_key_id: 'AKIAEXAMPLE2' });
    expect(merged['also-good']).toEqual({ region: 'us-west-2' });
    expect(Object.hasOwn(merged, 'constructor')).toBe(false);

    const cfg = join(home, '.aws', 'config');
    const creds = join(home, '.aws', 'credentials');
    const lines = (name: string) =>
      profiles.find((p) => p.name === name)!.diagnostics.map((d) => [d.file, d.line, d.severity]);
    expect(lines('constructor')).toEqual([
      [cfg, 3, 'error'],
      [cfg, 8, 'error'],
      [creds, 3, 'error'],
    ]);
    expect(lines('toString')).toEqual([[cfg, 6, 'error']]);
    expect(lines('hasOwnProperty')).toEqual([[creds, 1, 'error']]);
    const reason = profiles.find((p) => p.name === 'toString')!.diagnostics[0]!.reason;
    expect(reason).toMatch(/every JavaScript object/);
    expect(reason).not.toMatch(/only \[default\] may omit/);
    // The profile naming the filtered sso-session hears about both: the section and the reference.
    expect(profiles.find((p) => p.name === 'uses-bad-session')!.diagnostics.map((d) => d.line)).toEqual([
      10, 13,
    ]);
  });

  it('a directory where the config file should be is an error on the profiles, not "no profiles"', async () => {
    await mkdir(join(home, '.aws', 'config'));
    const profiles = await listProfiles({ env: {}, homedir: home });
    expect(profiles).toHaveLength(1);
    expect(profiles[0]).toMatchObject({
      name: 'default',
      isDefault: true,
      status: 'error',
      error: {
        kind: 'profile-invalid',
        message: expect.stringMatching(/config cannot be read \(it is a directory/),
      },
      diagnostics: [expect.objectContaining({ file: join(home, '.aws', 'config'), severity: 'error' })],
    });
    // With AWS_PROFILE set, that is the profile shown; readable profiles of the other file list too, each warned.
    await write(undefined, CREDENTIALS);
    const named = await listProfiles({ env: { AWS_PROFILE: 'work' }, homedir: home });
    expect(named.map((p) => [p.name, p.status])).toEqual([
      ['work', 'error'],
      ['default', undefined],
      ['keys-only', undefined],
    ]);
    expect(named.find((p) => p.name === 'keys-only')!.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', reason: expect.stringMatching(/cannot be read/) }),
    ]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'an unreadable (EACCES) config file is an error on the profiles',
    async () => {
      await write('[default]\nregion = us-east-1\n', undefined);
      await chmod(join(home, '.aws', 'config'), 0o000);
      const profiles = await listProfiles({ env: {}, homedir: home });
      expect(profiles).toEqual([
        expect.objectContaining({
          name: 'default',
          status: 'error',
          error: expect.objectContaining({ message: expect.stringMatching(/permission denied/) }),
        }),
      ]);
    },
  );
});

describe('parse once', () => {
  it('reads and parses the files again only when they change', async () => {
    await write('[profile a]\nregion = eu-west-1\n', CREDENTIALS);
    const inputs = { env: {}, homedir: home };
    const first = loadProfileDataSync(inputs);
    expect(loadProfileDataSync(inputs)).toBe(first);
    expect(await loadProfileData(inputs)).toBe(first);
    await write('[profile a]\nregion = eu-west-2\n', undefined);
    const second = loadProfileDataSync(inputs);
    expect(second).not.toBe(first);
    expect(second.config.get('a')).toEqual({ region: 'eu-west-2' });
    // The credentials file did not change: its parse is the same object.
    expect(second.scans.credentials).toBe(first.scans.credentials);
    // The SDK is handed the same text, so its providers do not read the file again.
    const record = externalDataInterceptor.getFileRecord() as Record<string, Promise<string>>;
    expect(await record[join(home, '.aws', 'config')]).toBe('[profile a]\nregion = eu-west-2\n');
  });
});

describe('profileKind', () => {
  it('follows the SDK order: role first, then keys, web identity, process, sso', () => {
    expect(
      profileKind({ role_arn: 'r', source_profile: 's', aws_access_key_id: 'a', aws_secret_access_key: 'b' }),
    ).toBe('assume-role');
    expect(profileKind({ role_arn: 'r', source_profile: 's', credential_source: 'Environment' })).toBe(
      'unknown',
    );
    expect(profileKind({ aws_access_key_id: 'a' })).toBe('unknown');
    expect(profileKind({ credential_process: 'x', sso_session: 's' })).toBe('credential-process');
    expect(profileKind(undefined)).toBe('unknown');
  });
});

describe('profile endpoints', () => {
  it('reads endpoint_url and the [services] lightsail endpoint, async and sync alike', async () => {
    await write(
      '[profile a]\nendpoint_url = http://127.0.0.1:1\n[profile b]\nendpoint_url = http://127.0.0.1:2\nservices = local\n[services local]\nlightsail =\n  endpoint_url = http://127.0.0.1:3\n[profile c]\nendpoint_url = http://127.0.0.1:4\nignore_configured_endpoint_urls = true\n',
      undefined,
    );
    for (const data of [
      await loadProfileData({ env: {}, homedir: home }),
      loadProfileDataSync({ env: {}, homedir: home }),
    ]) {
      expect(profileEndpointUrl(data, 'a')).toBe('http://127.0.0.1:1');
      expect(profileEndpointUrl(data, 'b')).toBe('http://127.0.0.1:3');
      expect(profileEndpointUrl(data, 'missing')).toBeUndefined();
      expect(profileIgnoresConfiguredEndpoints(data, 'c')).toBe(true);
      expect(profileIgnoresConfiguredEndpoints(data, 'a')).toBe(false);
    }
  });
});
