// Hostile input for the AWS config writer ("profiles from a start URL"): every written value is
// checked on its raw form, writes are serialised under a lock and atomic, and what is written
// reads back with the SDK's loader and with Python's configparser as the AWS CLI reads it.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProfileData } from '../../electron/core/aws-profiles.js';
import { createSignIn } from '../../electron/core/sso-sign-in.js';
import { suggestProfiles } from '../../electron/core/sso-portal.js';
import { systemClock } from '../../electron/core/ports.js';
import { AddSsoProfilesSchema } from '../../electron/shared/ipc-contract.js';

let dir: string;
let configFile: string;
let credentialsFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lfr-writer-'));
  configFile = join(dir, 'config');
  credentialsFile = join(dir, 'credentials');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const signIn = () =>
  createSignIn({
    inputs: {
      env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
      homedir: dir,
    },
    clock: systemClock,
    openExternal: () => {},
  });
const profile = { name: 'lab-research', accountId: '111122223333', roleName: 'LightsailResearcher' };
const add = {
  startUrl: 'https://lab.awsapps.com/start',
  region: 'eu-west-2',
  session: 'lab',
  profiles: [profile],
};
const EVIL = '\n[profile evil]\ncredential_process = touch /tmp/pwned\n';

/** The file as the AWS CLI reads it: botocore's raw_config_parse is configparser.RawConfigParser().read(). */
function configparser(file: string): Record<string, Record<string, string>> {
  const script =
    'import configparser,json,sys\ncp=configparser.RawConfigParser()\ncp.read([sys.argv[1]])\nprint(json.dumps({s: dict(cp.items(s)) for s in cp.sections()}))';
  return JSON.parse(
    execFileSync('python3', ['-c', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as Record<string, Record<string, string>>;
}

const backups = () => readdirSync(dir).filter((f) => f.includes('.bak-'));

describe('AWS config writer: injection', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['the start URL (LF)', { startUrl: `https://lab.awsapps.com/start${EVIL}` }],
    [
      'the start URL (CR)',
      { startUrl: 'https://lab.awsapps.com/start\r[profile evil]\rcredential_process = x' },
    ],
    ['the start URL (tab)', { startUrl: 'https://lab.awsapps.com/st\tart' }],
    ['the start URL (NUL)', { startUrl: 'https://lab.awsapps.com/start\u0000' }],
    ['the start URL (brackets)', { startUrl: 'https://lab.awsapps.com/[profile evil]' }],
    ['the region', { region: `eu-west-2${EVIL}` }],
    ['the session name', { session: `lab${EVIL}` }],
    ['the session name (bracket)', { session: 'lab]x' }],
    ['a profile name', { profiles: [{ ...profile, name: `p${EVIL}` }] }],
    ['an account id', { profiles: [{ ...profile, accountId: `111122223333${EVIL}` }] }],
    ['a role name', { profiles: [{ ...profile, roleName: `Role${EVIL}` }] }],
    ['a profile region', { profiles: [{ ...profile, region: `us-east-1${EVIL}` }] }],
  ];

  it.each(cases)(
    'refuses a line break or bracket in %s at the IPC boundary and in the writer; nothing written, no backup',
    async (_what, patch) => {
      writeFileSync(configFile, '[default]\nregion = us-east-1\n');
      const bad = { ...add, ...patch };
      expect(v.safeParse(AddSsoProfilesSchema, bad).success).toBe(false);
      const r = await signIn().addProfiles(bad as typeof add);
      expect(r).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
      expect(readFileSync(configFile, 'utf8')).toBe('[default]\nregion = us-east-1\n');
      expect(backups()).toEqual([]);
    },
  );

  it('refuses a start URL the sign-in would reach before Add (bad grammar, or a session name taken by another portal)', async () => {
    writeFileSync(
      configFile,
      '[sso-session lab]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const s = signIn();
    expect(
      await s.start({
        startUrl: `https://lab.awsapps.com/start${EVIL}`,
        region: 'eu-west-2',
        session: 'new',
      }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(
      await s.start({ startUrl: 'https://lab.awsapps.com/start', region: 'eu-west-2', session: 'lab' }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('another start URL') },
    });
    s.dispose();
  });
});

describe('AWS config writer: names', () => {
  it('refuses a name that exists only in the credentials file (its static keys would win)', async () => {
    writeFileSync(
      credentialsFile,
      '[lab-research]\naws_access_key_id = AKIAOLD\naws_secret_access_key = x\n',
    );
    const r = await signIn().addProfiles(add);
    expect(r).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining(credentialsFile) },
    });
    expect(existsSync(configFile)).toBe(false);
  });

  it('suggests unique names of at most 128 characters, not taken in either file', () => {
    const long = 'L'.repeat(200);
    const names = suggestProfiles(
      [
        { accountId: '111122223333', accountName: 'Research Lab', roles: ['Admin'] },
        { accountId: '444455556666', accountName: 'research-lab', roles: ['Admin'] },
        { accountId: '777788889999', accountName: long, roles: ['Admin', 'admin'] },
      ],
      undefined,
      new Set(['research-lab-admin']),
    ).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('research-lab-admin');
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(128);
  });
});

describe('AWS config writer: concurrency and atomicity', () => {
  it('two concurrent adds both land, one sso-session, and configparser reads the file (no DuplicateSectionError)', async () => {
    writeFileSync(configFile, '[default]\nregion = us-east-1\n');
    const [a, b] = await Promise.all([
      signIn().addProfiles(add),
      signIn().addProfiles({ ...add, profiles: [{ ...profile, name: 'lab-two', roleName: 'ReadOnly' }] }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const parsed = configparser(configFile);
    expect(Object.keys(parsed).sort()).toEqual([
      'default',
      'profile lab-research',
      'profile lab-two',
      'sso-session lab',
    ]);
    expect(parsed['profile lab-two']).toMatchObject({ sso_session: 'lab', sso_role_name: 'ReadOnly' });
    const data = await loadProfileData({
      env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
      homedir: dir,
    });
    expect(data.config.get('lab-two')).toMatchObject({ sso_account_id: '111122223333' });
  });

  it(
    'three launcher processes adding at once: every profile lands once, one sso-session, configparser reads it',
    { timeout: 60_000 },
    async () => {
      writeFileSync(configFile, '[default]\nregion = us-east-1\n');
      const root = join(import.meta.dirname, '..', '..');
      // A barrier: each process says it is ready, then all start writing together on "go".
      const go = join(dir, 'go');
      const script = (name: string) =>
        `import { appendSsoProfiles } from ${JSON.stringify(join(root, 'electron', 'core', 'aws-config-writer.ts'))};` +
        `import { existsSync, writeFileSync } from 'node:fs';` +
        `writeFileSync(${JSON.stringify(join(dir, 'ready-'))} + '${name}', '');` +
        `while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));` +
        `await appendSsoProfiles({ configFile: ${JSON.stringify(configFile)}, credentialsFile: ${JSON.stringify(credentialsFile)} }, { sessionName: 'lab', startUrl: 'https://lab.awsapps.com/start', region: 'eu-west-2', profiles: [{ name: '${name}', accountId: '111122223333', roleName: 'R' }] }, 0);`;
      const { execFile } = await import('node:child_process');
      const run = (name: string) =>
        new Promise<void>((resolve, reject) =>
          execFile(
            process.execPath,
            ['--import', 'tsx', '--input-type=module', '-e', script(name)],
            { cwd: root },
            (err, _o, stderr) => (err ? reject(new Error(stderr || String(err))) : resolve()),
          ),
        );
      const all = Promise.all([run('p-one'), run('p-two'), run('p-three')]);
      while (readdirSync(dir).filter((f) => f.startsWith('ready-')).length < 3)
        await new Promise((r) => setTimeout(r, 5));
      writeFileSync(go, '');
      await all;
      const parsed = configparser(configFile);
      expect(Object.keys(parsed).sort()).toEqual([
        'default',
        'profile p-one',
        'profile p-three',
        'profile p-two',
        'sso-session lab',
      ]);
    },
  );

  it('waits for the lock another process holds, then writes', async () => {
    writeFileSync(configFile, '[default]\nregion = us-east-1\n');
    const release = await lockfile.lock(configFile, { realpath: false });
    let done = false;
    const write = signIn()
      .addProfiles(add)
      .then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    expect(readFileSync(configFile, 'utf8')).toBe('[default]\nregion = us-east-1\n');
    await release();
    expect(await write).toMatchObject({ ok: true });
    expect(configparser(configFile)['profile lab-research']).toBeDefined();
  });

  it('keeps the file mode, leaves no temp file, and backs up only what it replaced', async () => {
    writeFileSync(configFile, '[default]\nregion = us-east-1', { mode: 0o640 });
    chmodSync(configFile, 0o640);
    const r = await signIn().addProfiles(add);
    expect(r.ok && r.value.backup).toBeTruthy();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(backups()).toHaveLength(1);
    expect((await import('node:fs')).statSync(configFile).mode & 0o777).toBe(0o640);
  });

  it('writes through a symlinked config (a dotfiles checkout) and keeps the link', async () => {
    const real = join(dir, 'dotfiles-config');
    writeFileSync(real, '[default]\nregion = us-east-1\n');
    (await import('node:fs')).symlinkSync(real, configFile);
    expect(await signIn().addProfiles(add)).toMatchObject({ ok: true });
    expect((await import('node:fs')).lstatSync(configFile).isSymbolicLink()).toBe(true);
    expect(configparser(real)['profile lab-research']).toBeDefined();
  });

  it.skipIf(process.getuid?.() === 0)('leaves no backup when a read-only config is not written', async () => {
    writeFileSync(configFile, '[default]\n');
    chmodSync(configFile, 0o444);
    expect(await signIn().addProfiles(add)).toMatchObject({ ok: false });
    expect(backups()).toEqual([]);
  });
});
