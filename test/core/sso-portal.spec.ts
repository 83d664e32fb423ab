// The config writer of "profiles from a start URL": backup, append only, names checked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProfileData, mergedProfile } from '../../electron/core/aws-profiles.js';
import { appendSsoProfiles } from '../../electron/core/aws-config-writer.js';
import { suggestProfiles } from '../../electron/core/sso-portal.js';

let dir: string;
const files = (configFile: string) => ({ configFile, credentialsFile: join(dir, 'credentials') });
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lfr-portal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const add = {
  sessionName: 'lab',
  startUrl: 'https://lab.awsapps.com/start',
  region: 'eu-west-2',
  profiles: [{ name: 'lab-research', accountId: '111122223333', roleName: 'LightsailResearcher' }],
};

describe('appendSsoProfiles', () => {
  it('keeps the file byte for byte (comments, spacing, no final newline), backs it up, and the SDK reads the new profile', async () => {
    const file = join(dir, 'config');
    const original =
      '; my settings\n[default]\nregion   =  us-east-2   # keep\n\n\n[profile x]\nregion=eu-west-1';
    writeFileSync(file, original);
    const r = await appendSsoProfiles(files(file), add, Date.UTC(2026, 0, 2, 3, 4, 5));
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(original + '\n\n[sso-session lab]\n')).toBe(true);
    expect(r.backup).toBe(`${file}.bak-2026-01-02T03-04-05-000Z`);
    expect(readFileSync(r.backup!, 'utf8')).toBe(original);
    const data = await loadProfileData({
      env: { AWS_CONFIG_FILE: file, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
      homedir: dir,
    });
    expect(mergedProfile(data, 'lab-research')).toEqual({
      sso_session: 'lab',
      sso_account_id: '111122223333',
      sso_role_name: 'LightsailResearcher',
      region: 'eu-west-2',
    });
    expect(data.config.get('sso-session.lab')).toMatchObject({
      sso_start_url: 'https://lab.awsapps.com/start',
      sso_region: 'eu-west-2',
    });
    expect(mergedProfile(data, 'x')).toEqual({ region: 'eu-west-1' });
  });

  it('creates a missing file (no backup) and reuses an existing sso-session of the same start URL', async () => {
    const file = join(dir, 'sub', 'config');
    const first = await appendSsoProfiles(files(file), add, 0);
    expect(first.backup).toBeUndefined();
    await appendSsoProfiles(
      files(file),
      { ...add, profiles: [{ name: 'lab-ro', accountId: '111122223333', roleName: 'ReadOnly' }] },
      1,
    );
    expect(readFileSync(file, 'utf8').match(/\[sso-session lab\]/g)).toHaveLength(1);
  });

  it('refuses a name that exists, a name the SDK would not read, or a session of another start URL, and writes nothing', async () => {
    const file = join(dir, 'config');
    writeFileSync(
      file,
      '[profile lab-research]\nregion = us-east-1\n[sso-session other]\nsso_start_url = https://other/start\n',
    );
    const before = readFileSync(file, 'utf8');
    await expect(appendSsoProfiles(files(file), add, 0)).rejects.toMatchObject({
      detail: { kind: 'invalid-input' },
    });
    await expect(
      appendSsoProfiles(files(file), { ...add, profiles: [{ ...add.profiles[0]!, name: 'has space' }] }, 0),
    ).rejects.toMatchObject({ detail: { kind: 'invalid-input' } });
    await expect(
      appendSsoProfiles(
        files(file),
        { ...add, sessionName: 'other', profiles: [{ ...add.profiles[0]!, name: 'new' }] },
        0,
      ),
    ).rejects.toMatchObject({ detail: { kind: 'invalid-input' } });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.bak-1970-01-01T00-00-00-000Z`)).toBe(false);
  });

  it('suggests one editable name per account and role', () => {
    expect(
      suggestProfiles([{ accountId: '1', accountName: 'Bio Lab', roles: ['Admin', 'ReadOnly'] }]),
    ).toEqual([
      { name: 'bio-lab-admin', accountId: '1', roleName: 'Admin' },
      { name: 'bio-lab-readonly', accountId: '1', roleName: 'ReadOnly' },
    ]);
  });
});
