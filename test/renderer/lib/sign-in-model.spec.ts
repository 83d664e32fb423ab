import { describe, expect, it } from 'vitest';
import type { SignInEntry } from '../../../electron/shared/models.js';
import { placeSignIns } from '../../../renderer/src/lib/sign-in-model.js';

const entry = (
  id: string,
  profiles: string[],
  status: SignInEntry['status'] = 'needs-sign-in',
): SignInEntry => ({
  id,
  label: id,
  kind: 'sso-session',
  startUrl: 'https://lab.awsapps.com/start',
  region: 'us-east-1',
  profiles,
  status,
});

describe('placeSignIns', () => {
  it('shows a sign-in once, on the first shown group of a profile it serves', () => {
    const p = placeSignIns([entry('session:lab', ['a', 'b'])], ['profile:b', 'profile:a'], 'profile');
    expect(Object.keys(p.byGroup)).toEqual(['profile:a']);
    expect(p.unplaced).toEqual([]);
    expect([...p.covered]).toEqual(['a', 'b']);
  });

  it('puts a sign-in above the list when none of its profiles has a group, or the list is not grouped by profile', () => {
    expect(
      placeSignIns([entry('session:lab', ['a'])], ['profile:x'], 'profile').unplaced.map((e) => e.id),
    ).toEqual(['session:lab']);
    expect(
      placeSignIns([entry('session:lab', ['a'])], ['region:us-east-2'], 'region').unplaced.map((e) => e.id),
    ).toEqual(['session:lab']);
  });

  it('leaves signed-in sessions off the list (Settings has their Sign out), but keeps expiring and signing-in ones', () => {
    const p = placeSignIns(
      [entry('s1', ['a'], 'signed-in'), entry('s2', ['b'], 'expiring'), entry('s3', ['c'], 'signing-in')],
      [],
      'profile',
    );
    expect(p.unplaced.map((e) => e.id)).toEqual(['s2', 's3']);
    expect(p.covered.has('a')).toBe(false);
  });
});
