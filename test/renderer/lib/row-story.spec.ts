// The row's one story (badge, session column), hidden profiles and the sign-in confirmation.
import { describe, expect, it } from 'vitest';
import type { SessionProgress, SignInEntry } from '../../../electron/shared/models.js';
import { sessionLine, stateBadge } from '../../../renderer/src/lib/list-model.js';
import { hideProfile, showProfile, withinSettings } from '../../../renderer/src/lib/profiles.js';
import { whereListed } from '../../../renderer/src/lib/sign-in-model.js';
import { SignInNotices } from '../../../renderer/src/lib/sign-in-notices.svelte.js';
import { computer, settings } from './fixtures.js';

const progress = (
  phase: SessionProgress['phase'],
  percentage: number,
  status?: SessionProgress['status'],
): SessionProgress => ({
  computerId: computer('gpu').id,
  phase,
  percentage,
  startedAt: 0,
  ...(status ? { status } : {}),
});

describe('stateBadge and sessionLine', () => {
  const stopped = computer('gpu', { state: 'stopped', sessionStatus: 'failedStartingGUISession' });

  it('the badge follows the start and the setup, then the running computer', () => {
    expect(stateBadge(stopped, undefined, undefined).label).toBe('Stopped');
    expect(stateBadge(stopped, progress('starting-session', 0), undefined).label).toBe('Starting…');
    expect(stateBadge(stopped, progress('starting-computer', 20), undefined).label).toBe('Starting…');
    expect(stateBadge(stopped, progress('setting-up', 50, 'settingUpInstance'), undefined).label).toBe(
      'Setting up session…',
    );
    expect(stateBadge(stopped, progress('ready', 100), undefined).label).toBe('Running');
    expect(stateBadge(stopped, undefined, 'start').label).toBe('Starting…');
  });

  it('the session column says what the bar says, and no stale failure on a stopped computer', () => {
    expect(sessionLine(stopped, progress('setting-up', 52, 'settingUpInstance'))).toBe(
      'Setting up the computer · 52%',
    );
    expect(sessionLine(stopped, undefined)).toBe('No session');
    expect(sessionLine(computer('a', { sessionStatus: 'failedStartingGUISession' }), undefined)).toBe(
      'Starting the session failed',
    );
  });
});

describe('hidden profiles', () => {
  it('hide and show are settings patches; hidden profiles and dropped regions leave the list at once', () => {
    const s = settings({ hiddenProfiles: ['teaching'] });
    expect(hideProfile(s, 'course')).toEqual({ hiddenProfiles: ['teaching', 'course'] });
    expect(hideProfile(s, 'teaching')).toEqual({ hiddenProfiles: ['teaching'] });
    expect(showProfile(s, 'teaching')).toEqual({ hiddenProfiles: [] });
    const all = [
      computer('a'),
      computer('b', { profile: 'teaching' }),
      computer('c', { region: 'eu-west-2' }),
    ];
    expect(withinSettings(all, s).map((c) => c.name)).toEqual(['a', 'c']);
    expect(withinSettings(all, settings({ regions: ['us-east-2'] })).map((c) => c.name)).toEqual(['a', 'b']);
  });
});

describe('sign-in confirmation', () => {
  const entry = (status: SignInEntry['status']): SignInEntry => ({
    id: 'session:lab',
    label: 'lab',
    kind: 'sso-session',
    startUrl: 'https://lab.awsapps.com/start',
    region: 'us-east-1',
    profiles: ['research-sso'],
    status,
    expiresAt: '2026-01-01T18:00:00.000Z',
  });

  it('a sign-in that ends well becomes one notice; one signed in from the start does not', () => {
    const n = new SignInNotices();
    n.observe([entry('signed-in')]);
    expect(n.notices).toEqual([]);
    n.observe([entry('needs-sign-in')]);
    n.observe([entry('signing-in')]);
    n.observe([entry('signed-in')]);
    expect(n.notices).toEqual([
      {
        id: 'session:lab',
        label: 'sso-session lab',
        profiles: ['research-sso'],
        expiresAt: '2026-01-01T18:00:00.000Z',
      },
    ]);
    n.observe([entry('signed-in')]);
    expect(n.notices).toHaveLength(1);
    n.dismiss('session:lab');
    expect(n.notices).toEqual([]);
  });

  it("names where a profile's computers are listed", () => {
    const list = [
      computer('a', { profile: 'research', reachedThrough: ['research', 'research-sso'] }),
      computer('b', { profile: 'research', reachedThrough: ['research', 'research-sso'] }),
      computer('c', { profile: 'research-sso' }),
    ];
    expect(whereListed('research-sso', list)).toEqual({
      own: 1,
      through: [{ profile: 'research', count: 2 }],
    });
  });
});
