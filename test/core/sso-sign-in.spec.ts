// What the sign-in hands to the system browser: the verification URL comes from the network.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/ports.js';
import { createSignIn, isOpenableVerificationUrl, refOf } from '../../electron/core/sso-sign-in.js';

describe('sign-in', () => {
  it('opens only https verification pages (and http on loopback, for the simulator)', () => {
    expect(isOpenableVerificationUrl('https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH')).toBe(
      true,
    );
    expect(isOpenableVerificationUrl('http://127.0.0.1:4568/start/device?user_code=ABCD-EFGH')).toBe(true);
    expect(isOpenableVerificationUrl('http://example.com/device')).toBe(false);
    expect(isOpenableVerificationUrl('file:///etc/passwd')).toBe(false);
    expect(isOpenableVerificationUrl('javascript:alert(1)')).toBe(false);
    expect(isOpenableVerificationUrl('not a url')).toBe(false);
  });

  it('signs in again by session name, or through the first profile of a legacy start URL', () => {
    const base = { id: 'x', startUrl: 'u', region: 'r', status: 'needs-sign-in' as const };
    expect(refOf({ ...base, kind: 'sso-session', label: 'lab', profiles: ['a'] })).toEqual({
      session: 'lab',
    });
    expect(refOf({ ...base, kind: 'sso', label: 'u', profiles: ['legacy', 'other'] })).toEqual({
      profile: 'legacy',
    });
  });
});

describe('sign-out and entries for every profile name', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lfr-signout-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('signs out dotted profiles of a session, and gives a dotted legacy SSO profile its own entry', async () => {
    const configFile = join(dir, 'config');
    writeFileSync(
      configFile,
      [
        '[sso-session lab]',
        'sso_start_url = https://lab.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile lab.researcher]',
        'sso_session = lab',
        'sso_account_id = 111122223333',
        'sso_role_name = R',
        '[profile plain]',
        'sso_session = lab',
        'sso_account_id = 111122223333',
        'sso_role_name = R',
        '[profile old.legacy]',
        'sso_start_url = https://old.awsapps.com/start',
        'sso_region = us-west-2',
        'sso_account_id = 444455556666',
        'sso_role_name = R',
        '',
      ].join('\n'),
    );
    const signedOut: string[][] = [];
    const s = createSignIn({
      inputs: {
        env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
        homedir: dir,
      },
      clock: systemClock,
      openExternal: () => {},
      onSignedOut: (p) => signedOut.push(p),
    });
    const { entries } = await s.state();
    expect(entries.find((e) => e.id === 'session:lab')?.profiles).toEqual(['lab.researcher', 'plain']);
    expect(entries.find((e) => e.kind === 'sso')?.profiles).toEqual(['old.legacy']);
    expect(await s.signOut({ session: 'lab' })).toEqual({ ok: true, value: null });
    expect(signedOut).toEqual([['lab.researcher', 'plain']]);
    expect(await s.signOut({ profile: 'old.legacy' })).toEqual({ ok: true, value: null });
    expect(signedOut[1]).toEqual(['old.legacy']);
    s.dispose();
  });
});
